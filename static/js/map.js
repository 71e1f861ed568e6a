/*
 * What every map of the portal shares (loaded after Leaflet, before the page's own
 * script): ScoranMap.create(container) reveals nothing and fetches nothing; it makes
 * the Leaflet map with its controls in French, and tiles only when the server gives
 * their address (data-tiles-url, data-tiles-attribution): by default the background
 * stays plain and no request leaves the site.
 */
(function () {
  "use strict";

  function create(container) {
    var map = L.map(container, { zoomControl: false, zoomSnap: 0.5 });
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (container.dataset.tilesUrl) {
      L.tileLayer(container.dataset.tilesUrl, {
        attribution: container.dataset.tilesAttribution || "",
      }).addTo(map);
    }
    // Leaflet names its popup's close button in English.
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", "Fermer");
      }
    });
    return map;
  }

  window.ScoranMap = { create: create };
})();
