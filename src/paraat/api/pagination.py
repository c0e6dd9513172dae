"""Cursor pagination with the next page both in the body and in a `Link` header (RFC 8288), so
Power Query and Excel can follow it whichever they read."""

from rest_framework.pagination import CursorPagination


class LinkedCursorPagination(CursorPagination):
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 5000
    ordering = "id"

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = []
        if response.data.get("next"):
            links.append(f'<{response.data["next"]}>; rel="next"')
        if response.data.get("previous"):
            links.append(f'<{response.data["previous"]}>; rel="prev"')
        if links:
            response["Link"] = ", ".join(links)
        return response
