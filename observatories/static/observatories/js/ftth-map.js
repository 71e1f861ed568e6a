/*
 * FttH coverage map of /observatoire/carte/ (progressive enhancement).
 *
 * The page already holds the legend, the communes per class, the source and the
 * link to the table. This script reveals the map and the search field, fetches the
 * communes' outlines with their coverage (GeoJSON) and draws them with Leaflet. The
 * colours are the CSS classes .ftth--<class>, shared with the HTML legend (a CSS
 * fill wins over the attribute Leaflet writes). Choosing a commune, by click or in
 * the field, zooms on it, outlines it and writes its figures with a link to its page
 * in the status region under the field (and in a popup on the map).
 * Tiles only when the server gives a tile address (data-tiles-url): by default the
 * background stays plain and no request leaves the site.
 */
(function () {
  "use strict";

  var panel = document.getElementById("carte-interactive");
  var container = document.getElementById("carte");
  if (!panel || !container || !window.L || !window.ScoranMap) {
    return;
  }
  var form = document.getElementById("carte-recherche");
  var field = document.getElementById("carte-commune");
  var choices = document.getElementById("carte-communes");
  var info = document.getElementById("carte-info");
  var percent = new Intl.NumberFormat("fr-FR", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });

  // Class labels as the legend writes them: one wording for the page and the map.
  var classLabels = {};
  document.querySelectorAll("[data-classe]").forEach(function (row) {
    var label = row.querySelector(".ftth-label");
    classLabels[row.dataset.classe] = label ? label.textContent.trim() : "";
  });

  panel.hidden = false;
  var map = ScoranMap.create(container);

  var byCode = {};
  var selected = null;

  function label(properties) {
    return properties.nom + " (" + properties.code + ")";
  }

  function describe(properties) {
    if (properties.taux === null) {
      return "pas de donnée";
    }
    return (
      percent.format(properties.taux) +
      " % des locaux raccordables (" +
      (classLabels[properties.classe] || "") +
      ")"
    );
  }

  // The commune's name, coverage and page, as DOM nodes (no HTML from the data).
  function summary(properties) {
    var paragraph = document.createElement("p");
    var name = document.createElement("strong");
    name.textContent = label(properties);
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = "Fiche de " + properties.nom;
    paragraph.append(name, " : " + describe(properties) + ". ", link);
    return paragraph;
  }

  function select(layer) {
    if (selected) {
      selected.getElement().classList.remove("is-selected");
    }
    selected = layer;
    layer.getElement().classList.add("is-selected");
    layer.bringToFront();
    info.replaceChildren(summary(layer.feature.properties));
    layer.bindPopup(summary(layer.feature.properties)).openPopup();
  }

  function find(text) {
    var value = text.trim();
    var code = /\(([0-9][0-9AB][0-9]{3})\)$/.exec(value) || /^([0-9][0-9AB][0-9]{3})$/.exec(value);
    if (code) {
      return byCode[code[1]];
    }
    var wanted = value.toLocaleLowerCase("fr");
    var found = Object.keys(byCode)
      .map(function (key) { return byCode[key]; })
      .filter(function (layer) {
        return layer.feature.properties.nom.toLocaleLowerCase("fr") === wanted;
      });
    return found.length === 1 ? found[0] : null;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var layer = find(field.value);
    if (!layer) {
      field.setAttribute("aria-invalid", "true");
      var message = document.createElement("p");
      message.className = "field__error";
      message.textContent =
        "Aucune commune ne correspond à « " + field.value.trim() +
        " » : choisissez un nom dans la liste (le code INSEE départage les homonymes).";
      info.replaceChildren(message);
      return;
    }
    field.removeAttribute("aria-invalid");
    map.fitBounds(layer.getBounds(), { maxZoom: 12 });
    select(layer);
  });

  fetch(container.dataset.geojsonUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        style: function (feature) {
          return { className: "ftth ftth--" + feature.properties.classe };
        },
        onEachFeature: function (feature, commune) {
          byCode[feature.properties.code] = commune;
          commune.on("click", function () { select(commune); });
        },
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      var names = collection.features
        .map(function (feature) { return label(feature.properties); })
        .sort(function (a, b) { return a.localeCompare(b, "fr"); });
      choices.replaceChildren.apply(
        choices,
        names.map(function (name) {
          var option = document.createElement("option");
          option.value = name;
          return option;
        })
      );
    })
    .catch(function () {
      var message = document.createElement("p");
      message.textContent =
        "La carte n'a pas pu être chargée. La légende et le tableau des communes restent disponibles.";
      info.replaceChildren(message);
    });
})();
