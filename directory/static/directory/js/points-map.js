/*
 * Map of a list of the directory: places (/lieux/), organisations (/annuaire/),
 * projects (/projets/). Progressive enhancement, one script for the three.
 *
 * The page already lists the rows (with the same filters): the list is the text
 * equivalent of the map. This script reveals the map (#carte-interactive), fetches
 * the points from the container's data-geojson-url (GeoJSON points whose properties
 * are nom, lieu, url, approximatif; see scoran/lib/geojson.py) and draws one marker
 * each. Markers are Leaflet's keyboard-ready markers (a focusable element with the
 * row's name); Enter or a click opens a popup with the name, where it is and a link
 * to its page, also written in the status region above the map. No tiles unless the
 * server gives their address (data-tiles-url); data-failure is the message shown
 * when the points cannot be fetched.
 */
(function () {
  "use strict";

  var panel = document.getElementById("carte-interactive");
  var container = document.getElementById("carte");
  if (!panel || !container || !window.L || !window.ScoranMap) {
    return;
  }
  var info = document.getElementById("carte-info");

  panel.hidden = false;
  var map = ScoranMap.create(container);
  // Bourgogne-Franche-Comté, until the points are drawn.
  map.fitBounds([[46.1, 2.8], [48.4, 7.2]]);

  // The row's name, where it is and its page, as DOM nodes (no HTML from the data).
  function summary(properties) {
    var paragraph = document.createElement("p");
    var name = document.createElement("strong");
    name.textContent = properties.nom;
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = "Fiche de " + properties.nom;
    var where = properties.lieu + (properties.approximatif ? " (position approximative : centre de la commune)" : "");
    paragraph.append(name, " – " + where + ". ", link);
    return paragraph;
  }

  function show(marker) {
    info.replaceChildren(summary(marker.feature.properties));
  }

  fetch(container.dataset.geojsonUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) {
          return L.marker(latlng, {
            title: feature.properties.nom,
            alt: feature.properties.nom,
            icon: L.divIcon({ className: "map-marker", iconSize: [18, 18] }),
          });
        },
        onEachFeature: function (feature, marker) {
          marker.bindPopup(function () { return summary(feature.properties); });
          marker.on("click", function () { show(marker); });
          marker.on("keypress", function (event) {
            if (event.originalEvent.key === "Enter") {
              show(marker);
            }
          });
        },
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) {
        map.fitBounds(bounds, { maxZoom: 13, padding: [20, 20] });
      }
    })
    .catch(function () {
      var message = document.createElement("p");
      message.textContent = container.dataset.failure || "La carte n'a pas pu être chargée.";
      info.replaceChildren(message);
    });
})();
