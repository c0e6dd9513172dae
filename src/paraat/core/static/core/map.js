// Progressive enhancement of the support-point map: a zoomable Leaflet map drawn from the same
// data as the server-rendered SVG. No tiles and no network: only the boundaries and the points.
(function () {
  "use strict";
  function init(figure) {
    if (typeof L === "undefined" || figure.hasAttribute("data-leaflet-ready")) { return; }
    figure.setAttribute("data-leaflet-ready", "");
    // The data sits in an attribute, not a <script> block: HTMX drops script tags it swaps in.
    var canvas = figure.querySelector(".sp-map__canvas");
    if (!canvas) { return; }
    var data = JSON.parse(figure.getAttribute("data-leaflet"));
    var lang = document.documentElement.lang || "nl";
    var labels = lang === "nl"
      ? { show: "Toon zoombare kaart", hide: "Toon schematische kaart", name: "Zoombare kaart" }
      : { show: "Show zoomable map", hide: "Show schematic map", name: "Zoomable map" };
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary sp-map__toggle";
    button.textContent = labels.show;
    button.setAttribute("aria-expanded", "false");
    var holder = document.createElement("div");
    holder.className = "sp-map__leaflet";
    holder.hidden = true;
    holder.setAttribute("role", "region");
    holder.setAttribute("aria-label", labels.name);
    canvas.parentNode.insertBefore(button, canvas);
    canvas.parentNode.insertBefore(holder, canvas.nextSibling);
    var map = null;
    button.addEventListener("click", function () {
      var show = holder.hidden;
      holder.hidden = !show;
      canvas.hidden = show;
      button.textContent = show ? labels.hide : labels.show;
      button.setAttribute("aria-expanded", show ? "true" : "false");
      if (show && !map) {
        map = L.map(holder, { attributionControl: true });
        var areas = L.geoJSON(
          { type: "FeatureCollection", features: data.areas.map(function (a) {
            return { type: "Feature", properties: { name: a.name, text: a.text, level: a.level, url: a.url }, geometry: a.geometry };
          }) },
          {
            style: function (f) {
              var level = f.properties.level;
              var fills = ["#fde2e2", "#fff0d9", "#e6f0fa", "#e3f2e5"];
              return { color: "#4a4a4a", weight: 1, fillColor: level === null || level === undefined ? "#f3f3f3" : fills[level] || "#f3f3f3", fillOpacity: 0.8 };
            },
            onEachFeature: function (f, layer) {
              layer.bindTooltip(f.properties.name + (f.properties.text ? ": " + f.properties.text : ""));
              if (f.properties.url) { layer.on("click", function () { window.location.href = f.properties.url; }); }
            }
          }
        );
        // Leaflet needs a view before it can draw vector layers.
        var bounds = areas.getBounds();
        data.markers.forEach(function (m) { bounds.extend([m.lat, m.lon]); });
        if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([52.2, 6.0], 9); }
        areas.addTo(map);
        data.markers.forEach(function (m) {
          // An HTML marker, not a vector circle: it is in the tab order and Enter opens its
          // popup (Leaflet's keyboard option); its title is its accessible name.
          var marker = L.marker([m.lat, m.lon], {
            keyboard: true,
            title: m.label + (m.detail ? " — " + m.detail : ""),
            icon: L.divIcon({
              className: "sp-map__lmarker sp-map__lmarker--" + (m.symbol === "square" ? "square" : "circle") +
                " sp-map__marker--" + m.variant,
              iconSize: m.symbol === "square" ? [16, 16] : [14, 14]
            })
          }).addTo(map);
          var box = document.createElement("div");
          var title = document.createElement(m.url ? "a" : "strong");
          title.textContent = m.label;
          if (m.url) { title.href = m.url; }
          box.appendChild(title);
          box.appendChild(document.createElement("br"));
          box.appendChild(document.createTextNode(m.detail));
          marker.bindPopup(box);
          marker.on("keypress", function (e) {
            if (e.originalEvent && e.originalEvent.key === "Enter") { marker.openPopup(); }
          });
        });
        map.attributionControl.addAttribution("CBS / Kadaster (CC BY 4.0)");
      }
      if (show && map) { map.invalidateSize(); }
    });
  }
  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.sp-map[data-leaflet]"), init);
  }
  document.addEventListener("DOMContentLoaded", initAll);
  // A filtered list swapped in by HTMX brings a new map: enhance it too.
  document.addEventListener("htmx:afterSettle", initAll);
})();
