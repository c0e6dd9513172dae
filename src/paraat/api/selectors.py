"""Reads of API tokens for the profile page and the administrators' list."""

from django.db.models import QuerySet

from .models import ApiToken


def api_tokens_of(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_tokens_in_region(*, region) -> QuerySet[ApiToken]:
    """Every token of a person with a role in `region` (for its administrators)."""
    return (
        ApiToken.objects.filter(user__memberships__region=region)
        .select_related("user", "membership__municipality", "membership__partner")
        .distinct()
        .order_by("-created_at")
    )
