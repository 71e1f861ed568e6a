/*
 * Map of mobile sites of /observatoire/mobile/carte/ (progressive enhancement).
 *
 * The page already holds the filters (a form), the sites per department and operator
 * in a table, the CSV and the source. This script reveals the map, fetches the
 * sites' columnar document (data-document-url; see observatories/mobile/maps.py),
 * keeps the sites of the page's filters (data-operateur: an MCC-MNC code,
 * data-technologie: 2G to 5G; empty for all), indexes them with Supercluster
 * (vendored) and draws, for the part of the map in view, one Leaflet marker per
 * cluster or site: thousands of sites, a few dozen elements.
 *
 * Every marker is a focusable button (Leaflet's keyboard option) with a French
 * name. Enter or Space (or a click) on a cluster zooms on its sites and puts the focus on the
 * nearest marker drawn; on a cluster that the closest zoom does not split (sites of
 * several operators on one mast, at the same point) it lists its sites in a popup;
 * on a site it opens a popup with its operator, number,
 * commune, technologies and 5G bands, moves the focus to the popup's link (its
 * commune's page), and writes the same text in the status region above the map;
 * Escape closes the popup and gives the focus back to the site. A marker focused
 * when the map moves keeps the focus once drawn again. No tiles unless the server
 * gives their address (data-tiles-url).
 */
(function () {
  "use strict";

  var panel = document.getElementById("carte-interactive");
  var container = document.getElementById("carte");
  if (!panel || !container || !window.L || !window.ScoranMap || !window.Supercluster) {
    return;
  }
  var info = document.getElementById("carte-info");
  var communePage = container.dataset.communeUrl;
  var numbers = new Intl.NumberFormat("fr-FR");
  var MAX_ZOOM = 18;

  panel.hidden = false;
  var map = ScoranMap.create(container);
  map.setMaxZoom(MAX_ZOOM);
  // Bourgogne-Franche-Comté, until the sites are drawn.
  map.fitBounds([[46.1, 2.8], [48.4, 7.2]]);
  var markers = L.layerGroup().addTo(map);

  var data = null;
  var index = null;
  var focusNear = null; // where the focus goes once the map is drawn again

  function plural(count, word) {
    return numbers.format(count) + " " + word + (count > 1 ? "s" : "");
  }

  function siteName(i) {
    var sites = data.sites;
    var commune = data.communes[sites.commune[i]];
    return data.operateurs[sites.operateur[i]][1] + ", site " + sites.numero[i] +
      ", " + commune[1] + " (" + commune[0] + ")";
  }

  function fromMask(mask, values, unit) {
    return values
      .filter(function (value, bit) { return mask & (1 << bit); })
      .map(function (value) { return value + (unit || ""); })
      .join(", ");
  }

  // The site's operator, number, commune, technologies and bands, as DOM nodes (no
  // HTML from the data).
  function summary(i) {
    var sites = data.sites;
    var paragraph = document.createElement("p");
    var name = document.createElement("strong");
    name.textContent = siteName(i);
    var text = " : " + (fromMask(sites.technologies[i], data.technologies) || "aucune technologie");
    var bands = fromMask(sites.bandes[i], data.bandes, " MHz");
    if (bands) {
      text += " (5G : " + bands + ")";
    }
    paragraph.append(name, text + ". ");
    if (communePage) {
      var code = data.communes[sites.commune[i]][0];
      var link = document.createElement("a");
      link.href = communePage.replace("00000", code);
      link.textContent = "Fiche de " + data.communes[sites.commune[i]][1];
      paragraph.append(link);
    }
    return paragraph;
  }

  // Each marker has a key (a cluster's id, a site's index) that survives a redraw,
  // and a French name.
  // Enter or Space, as on any button.
  function activated(event) {
    var key = event.originalEvent.key;
    if (key === "Enter" || key === " ") {
      event.originalEvent.preventDefault();
      return true;
    }
    return false;
  }

  function named(marker, key, label) {
    marker.on("add", function () {
      var element = marker.getElement();
      element.setAttribute("aria-label", label);
      element.dataset.key = key;
    });
    return marker;
  }

  function clusterMarker(feature, latlng) {
    var count = feature.properties.point_count;
    var id = feature.properties.cluster_id;
    // Sites that stay together at the closest zoom: listed, never drawn on each other.
    var together = index.getClusterExpansionZoom(id) > MAX_ZOOM;
    var size = count < 100 ? "s" : count < 1000 ? "m" : "l";
    var pixels = { s: 32, m: 40, l: 48 }[size];
    var text = document.createElement("span");
    text.textContent = numbers.format(count);
    var label = "Groupe de " + plural(count, "site") +
      (together ? " au même endroit : voir la liste" : " : zoomer");
    var marker = L.marker(latlng, {
      title: label,
      autoPanOnFocus: false,
      icon: L.divIcon({
        className: "map-cluster map-cluster--" + size,
        iconSize: [pixels, pixels],
        html: text,
      }),
    });
    function expand(byKeyboard) {
      if (together) {
        var sites = index.getLeaves(id, Infinity).map(function (leaf) { return leaf.properties.i; });
        open("c" + id, listing(sites), latlng, byKeyboard);
        return;
      }
      focusNear = latlng;
      map.setView(latlng, index.getClusterExpansionZoom(id));
    }
    marker.on("click", function () { expand(false); });
    marker.on("keypress", function (event) {
      if (activated(event)) {
        expand(true);
      }
    });
    return named(marker, "c" + id, label);
  }

  // The sites of a cluster that no zoom splits, each with its details and link.
  function listing(sites) {
    var list = document.createElement("ul");
    sites.sort(function (a, b) { return a - b; }).forEach(function (i) {
      var item = document.createElement("li");
      item.append(summary(i));
      list.append(item);
    });
    return list;
  }

  // One popup for the map, not bound to a marker: drawing the map again (after the
  // popup pans it into view) keeps it open.
  var popup = L.popup({ autoPanPadding: [40, 40], maxHeight: 300 });
  var openKey = null; // the marker whose popup is open: the focus goes back to it

  // ``content`` in the popup, and a copy in the status region.
  function open(key, content, latlng, byKeyboard) {
    openKey = key;
    info.replaceChildren(content.cloneNode(true));
    popup.setLatLng(latlng).setContent(content).openOn(map);
    if (byKeyboard) {
      var link = popup.getElement().querySelector(".leaflet-popup-content a");
      if (link) {
        link.focus({ preventScroll: true });
      }
    }
  }

  function siteMarker(feature, latlng) {
    var i = feature.properties.i;
    var label = siteName(i);
    var marker = L.marker(latlng, {
      title: label,
      autoPanOnFocus: false,
      icon: L.divIcon({ className: "map-marker map-site", iconSize: [16, 16] }),
    });
    marker.on("click", function () { open("s" + i, summary(i), latlng, false); });
    marker.on("keypress", function (event) {
      if (activated(event)) {
        open("s" + i, summary(i), latlng, true);
      }
    });
    return named(marker, "s" + i, label);
  }

  var drawn = {}; // key → marker, of the markers on the map

  function focus(marker) {
    marker.getElement().focus({ preventScroll: true });
  }

  function draw() {
    if (!index) {
      return;
    }
    var focused = container.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    var bounds = map.getBounds();
    var box = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
    var features = index.getClusters(box, Math.floor(map.getZoom()));
    markers.clearLayers();
    drawn = {};
    var nearest = null;
    var distance = Infinity;
    features.forEach(function (feature) {
      var point = feature.geometry.coordinates;
      var latlng = L.latLng(point[1], point[0]);
      var marker = feature.properties.cluster
        ? clusterMarker(feature, latlng)
        : siteMarker(feature, latlng);
      markers.addLayer(marker);
      drawn[marker.getElement().dataset.key] = marker;
      if (focusNear && latlng.distanceTo(focusNear) < distance) {
        distance = latlng.distanceTo(focusNear);
        nearest = marker;
      }
    });
    if (nearest) {
      focus(nearest); // after a cluster was opened: the nearest of its parts
    } else if (focused && drawn[focused]) {
      focus(drawn[focused]); // the same cluster or site, drawn again
    }
    focusNear = null;
  }

  map.on("moveend", draw);
  // Escape closes the popup wherever the focus is in the map (Leaflet does only
  // when the map itself has it), and the focus goes back to its site.
  container.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && map.hasLayer(popup)) {
      event.preventDefault();
      map.closePopup(popup);
    }
  });
  map.on("popupclose", function () {
    var marker = drawn[openKey];
    var element = popup.getElement(); // still there: Leaflet fades it out first
    var lost = !container.contains(document.activeElement) ||
      (element && element.contains(document.activeElement));
    openKey = null;
    if (marker && lost) {
      focus(marker);
    }
  });

  function wanted(sites) {
    var operator = container.dataset.operateur;
    var operatorIndex = -1;
    data.operateurs.forEach(function (item, position) {
      if (item[0] === operator) {
        operatorIndex = position;
      }
    });
    var bit = data.technologies.indexOf(container.dataset.technologie);
    var points = [];
    for (var i = 0; i < sites.lat.length; i++) {
      if (operator && sites.operateur[i] !== operatorIndex) {
        continue;
      }
      if (bit >= 0 && !(sites.technologies[i] & (1 << bit))) {
        continue;
      }
      points.push({
        type: "Feature",
        properties: { i: i },
        geometry: { type: "Point", coordinates: [sites.lon[i], sites.lat[i]] },
      });
    }
    return points;
  }

  fetch(container.dataset.documentUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (document_) {
      data = document_;
      var points = wanted(data.sites);
      // Clustered up to the closest zoom: what it does not split is listed.
      index = new Supercluster({ radius: 60, maxZoom: MAX_ZOOM }).load(points);
      var message = document.createElement("p");
      message.textContent = plural(points.length, "site") + " sur la carte.";
      info.replaceChildren(message);
      if (points.length) {
        var bounds = L.latLngBounds(points.map(function (point) {
          return [point.geometry.coordinates[1], point.geometry.coordinates[0]];
        }));
        map.fitBounds(bounds, { maxZoom: 12, padding: [20, 20] });
      }
      draw();
    })
    .catch(function () {
      var message = document.createElement("p");
      message.textContent =
        "La carte n'a pas pu être chargée. Le tableau des sites et leur export CSV restent disponibles.";
      info.replaceChildren(message);
    });
})();
