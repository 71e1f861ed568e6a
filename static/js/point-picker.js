/*
 * A point typed in a form, helped by a map (progressive enhancement, loaded after
 * Leaflet and js/map.js).
 *
 * The form holds, for each point, a fieldset [data-point] with a latitude input
 * [data-point-latitude] and a longitude input [data-point-longitude]: typing them is
 * the text equivalent of the map, and works without JavaScript. This script reveals
 * the hidden [data-point-tools] paragraph of each fieldset, whose [data-point-open]
 * button opens one shared panel (#carte-point: the map #carte-point-carte, the status
 * region #carte-point-info, the buttons [data-point-centre], [data-point-clear] and
 * [data-point-close]) under that fieldset.
 *
 * A click on the map places the point. With the keyboard: on the map, the arrows pan
 * and + and − zoom; « Placer le point au centre » places it under the centre cross.
 * The inputs then hold the point (5 decimals: about a metre) and the status region
 * says so. Background: the communes' outlines (data-outlines-url, fetched the first
 * time the map opens) and tiles only when the server gives their address. The map
 * opens on the point already typed, else on the commune named in the fieldset's scope
 * ([data-point-scope] holding [data-commune-code], with data-centre-latitude and
 * data-centre-longitude), else on the commune typed in the scope's [data-point-commune]
 * input (« 21231 », « Dijon (21231) » or a name that only one outline bears), else on
 * the region.
 */
(function () {
  "use strict";

  var panel = document.getElementById("carte-point");
  var container = document.getElementById("carte-point-carte");
  if (!panel || !container || !window.L || !window.ScoranMap) {
    return;
  }
  var info = document.getElementById("carte-point-info");
  var REGION = [[46.1, 2.8], [48.4, 7.2]];
  var map = null;
  var marker = null;
  var active = null; // the fieldset whose point is being placed
  var communes = {}; // outline layers by INSEE code
  var names = {}; // the communes' names, lowered, by INSEE code
  var highlighted = null;

  function say(text) {
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    info.replaceChildren(paragraph);
  }

  function read(input) {
    var value = parseFloat(String(input.value).trim().replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function fields(fieldset) {
    return {
      latitude: fieldset.querySelector("[data-point-latitude]"),
      longitude: fieldset.querySelector("[data-point-longitude]"),
    };
  }

  function typedPoint(fieldset) {
    var inputs = fields(fieldset);
    var latitude = read(inputs.latitude);
    var longitude = read(inputs.longitude);
    return latitude === null || longitude === null ? null : L.latLng(latitude, longitude);
  }

  function commune(fieldset) {
    var scope = fieldset.closest("[data-point-scope]");
    return scope ? scope.querySelector("[data-commune-code]") : null;
  }

  // The INSEE code of the commune typed in the scope's [data-point-commune] input, when
  // it is a code, ends with one in brackets, or is a name only one outline bears.
  function typedCommune(fieldset) {
    var scope = fieldset.closest("[data-point-scope]");
    var input = scope ? scope.querySelector("[data-point-commune]") : null;
    var text = input ? input.value.trim() : "";
    var code = /^(\d[\dAB]\d{3})$/.exec(text) || /\((\d[\dAB]\d{3})\)$/.exec(text);
    if (code) {
      return code[1];
    }
    var wanted = text.toLocaleLowerCase("fr");
    var found = wanted
      ? Object.keys(names).filter(function (key) {
          return names[key] === wanted;
        })
      : [];
    return found.length === 1 ? found[0] : "";
  }

  function drawMarker(point) {
    if (marker) {
      marker.remove();
      marker = null;
    }
    if (point) {
      marker = L.marker(point, {
        icon: L.divIcon({ className: "map-marker", iconSize: [18, 18] }),
        interactive: false,
        keyboard: false,
      }).addTo(map);
    }
  }

  function highlight(code) {
    if (highlighted && highlighted.getElement()) {
      highlighted.getElement().classList.remove("is-selected");
    }
    highlighted = code ? communes[code] || null : null;
    if (highlighted && highlighted.getElement()) {
      highlighted.getElement().classList.add("is-selected");
    }
  }

  // The typed point, else the site's commune, else the region.
  function frame() {
    var point = typedPoint(active);
    var named = commune(active);
    var code = named ? named.dataset.communeCode : typedCommune(active);
    highlight(code);
    drawMarker(point);
    if (point) {
      map.setView(point, 16);
    } else if (code && communes[code]) {
      map.fitBounds(communes[code].getBounds(), { maxZoom: 15 });
    } else if (named && named.dataset.centreLatitude) {
      map.setView([Number(named.dataset.centreLatitude), Number(named.dataset.centreLongitude)], 13);
    } else {
      map.fitBounds(REGION);
    }
  }

  function loadOutlines() {
    if (!container.dataset.outlinesUrl) {
      return;
    }
    fetch(container.dataset.outlinesUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (collection) {
        L.geoJSON(collection, {
          style: function () {
            return { className: "point-picker__commune", interactive: false };
          },
          onEachFeature: function (feature, layer) {
            communes[feature.properties.code] = layer;
            names[feature.properties.code] = String(feature.properties.nom || "").toLocaleLowerCase("fr");
          },
        }).addTo(map);
        if (active && !typedPoint(active)) {
          frame();
        }
      })
      .catch(function () {
        say(container.dataset.failure || "Les contours des communes n'ont pas pu être chargés.");
      });
  }

  function createMap() {
    map = ScoranMap.create(container);
    map.fitBounds(REGION);
    map.on("click", function (event) {
      place(event.latlng, "Point placé à l'endroit choisi");
    });
    loadOutlines();
  }

  function place(point, what) {
    if (!active) {
      return;
    }
    var inputs = fields(active);
    var latitude = point.lat.toFixed(5);
    var longitude = point.lng.toFixed(5);
    inputs.latitude.value = latitude;
    inputs.longitude.value = longitude;
    drawMarker(L.latLng(Number(latitude), Number(longitude)));
    say(what + " : latitude " + latitude + ", longitude " + longitude + ".");
  }

  function open(fieldset, button) {
    active = fieldset;
    panel.opener = button;
    fieldset.appendChild(panel);
    panel.hidden = false;
    info.replaceChildren();
    if (!map) {
      createMap();
    }
    map.invalidateSize();
    frame();
    container.focus();
  }

  function close() {
    panel.hidden = true;
    var opener = panel.opener;
    active = null;
    if (opener) {
      opener.focus();
    }
  }

  document.querySelectorAll("[data-point]").forEach(function (fieldset) {
    var tools = fieldset.querySelector("[data-point-tools]");
    var button = fieldset.querySelector("[data-point-open]");
    if (!tools || !button) {
      return;
    }
    tools.hidden = false;
    button.addEventListener("click", function () {
      open(fieldset, button);
    });
    // A point typed by hand shows on the open map.
    fieldset.addEventListener("change", function (event) {
      if (fieldset === active && event.target.matches("[data-point-latitude], [data-point-longitude]")) {
        drawMarker(typedPoint(fieldset));
      }
    });
  });

  panel.querySelector("[data-point-centre]").addEventListener("click", function () {
    place(map.getCenter(), "Point placé au centre de la carte");
  });
  panel.querySelector("[data-point-clear]").addEventListener("click", function () {
    var inputs = fields(active);
    inputs.latitude.value = "";
    inputs.longitude.value = "";
    drawMarker(null);
    say("Point retiré : la commune et l'adresse suffisent.");
  });
  panel.querySelector("[data-point-close]").addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
    }
  });
})();
