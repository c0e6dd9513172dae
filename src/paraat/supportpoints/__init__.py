"""Emergency support points (noodsteunpunten): register, checklist, readiness, coverage, map.

What other apps may use (read-only):
- ``maps.points_as_markers`` for core's region map (``{% load maps %}{% region_map … %}``);
- the panel ``municipality_detail.panels`` (``panels.municipality_points``, registered in
  ``apps.py``; checks permission), or ``selectors.municipality_points(municipality=…)``
  with the include ``supportpoints/municipality_points.html`` (context: ``sp`` and ``region``);
- ``selectors.municipality_print_list(municipality=…)`` and the page
  ``supportpoints:municipality_print`` for the emergency binder;
- ``selectors.municipality_overview(region=…)`` and ``selectors.region_totals(region=…)`` for
  dashboard figures.
Writes go through ``services`` only.
"""
