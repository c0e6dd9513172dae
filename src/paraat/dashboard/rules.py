"""The dashboard's permissions (issue 4), built from the shared predicates in
`paraat.permissions`; loaded at start-up by django-rules' `AutodiscoverRulesConfig`."""

from __future__ import annotations

import rules

from paraat.permissions import is_national_reader, is_region_member, is_superuser

# The region overview, the municipality pages, comparisons and exports: a region's detail is
# shared with every member of that region (partners included), never with another region.
rules.add_perm("dashboard.view_overview", is_superuser | is_region_member)
rules.add_perm("dashboard.view_municipality", is_superuser | is_region_member)
# The national view: aggregate figures of regions that share them (TLP:GREEN), per region only.
rules.add_perm("dashboard.view_national", is_superuser | is_national_reader)
