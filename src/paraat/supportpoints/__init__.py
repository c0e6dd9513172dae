"""Emergency support points (noodsteunpunten): register, checklist, readiness, coverage, map.

What other apps may use (read-only):
- the map component: ``{% load supportpoints_map %}{% region_map municipalities markers … %}``
  (see ``templatetags/supportpoints_map.py`` for the arguments) and ``points_as_markers``;
- for the municipality page: ``{% load supportpoints_tags %}{% municipality_support_points
  municipality %}`` (checks permission), or ``selectors.municipality_points(municipality=…)``
  with the include ``supportpoints/municipality_points.html`` (context: ``sp`` and ``region``);
- ``selectors.municipality_print_list(municipality=…)`` and the page
  ``supportpoints:municipality_print`` for the emergency binder;
- ``selectors.municipality_overview(region=…)`` and ``selectors.region_totals(region=…)`` for
  dashboard figures.
Writes go through ``services`` only.
"""
