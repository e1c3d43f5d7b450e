"""Vietnamese first (ChosenLanguageMiddleware); no caching of personal data (PrivateResponsesMiddleware).

Vietnamese first: the language is Vietnamese unless the user chose another one.

Django's LocaleMiddleware follows the browser's Accept-Language, and most office PCs run an
English browser: their users would get English screens. Here only an explicit choice (the
language cookie that Django's `set_language` view at /i18n/setlang/ writes) changes it.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control


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


class PrivateResponsesMiddleware:
    """Every response to a signed-in user (pages, exports, API answers) may hold personal data:
    `Cache-Control: no-store, private`, so no browser or proxy cache keeps a copy (a shared
    office PC's back button, a caching proxy). The login page is `never_cache` already; static
    files are served before this (whitenoise) and keep their long caching.

    After the view, so that a user authenticated by an API token counts too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
