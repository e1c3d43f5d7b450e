"""Vietnamese first: the language is Vietnamese unless the user chose another one.

Django's LocaleMiddleware follows the browser's Accept-Language, and most office PCs run an
English browser: their users would get English screens. Here only an explicit choice (the
language cookie that Django's `set_language` view at /i18n/setlang/ writes) changes it.
"""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
