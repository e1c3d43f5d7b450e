from rest_framework.pagination import PageNumberPagination

from coso.core.paging import CappedPaginator


class Pagination(PageNumberPagination):
    """Page-numbered lists whose count stops at `CappedPaginator.cap` rows (an exact count
    of a country's members costs seconds): `count_capped` says when `count` is that cap."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "true when the list holds more than `count` rows",
        }
        return schema
