// "Mon adresse": suggestions while typing, as an ARIA 1.2 combobox (list autocomplete).
// Without this script the form still works: it lists the matching addresses.
// Arrows move in the list (aria-activedescendant), Enter opens the chosen address,
// Escape closes the list, the live region says how many suggestions there are.
(function () {
  "use strict";

  var input = document.getElementById("adresse");
  var list = document.getElementById("adresse-suggestions");
  var status = document.getElementById("adresse-annonce");
  if (!input || !list || !status || !input.dataset.suggestionsUrl) {
    return;
  }
  var options = [];
  var active = -1;
  var timer = null;
  var asked = 0;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
    } else {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  }

  function show(results) {
    list.textContent = "";
    options = results.map(function (result, i) {
      var option = document.createElement("li");
      option.id = "adresse-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = result.url;
      option.textContent = result.label;
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the field
        window.location.assign(result.url);
      });
      list.appendChild(option);
      return option;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = options.length === 0;
    input.setAttribute("aria-expanded", options.length ? "true" : "false");
    status.textContent = options.length
      ? options.length + (options.length > 1 ? " adresses suggérées" : " adresse suggérée") +
        ", flèche bas pour les parcourir."
      : "Aucune adresse suggérée.";
  }

  function suggest() {
    var query = input.value.trim();
    if (query.length < 3) {
      close();
      return;
    }
    var ticket = ++asked;
    var url = input.dataset.suggestionsUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (ticket === asked) { // an older answer arriving late is dropped
          show(data.results);
        }
      })
      .catch(function () { close(); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 150);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && options.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      if (options.length) {
        highlight(active < options.length - 1 ? active + 1 : 0);
      }
    } else if (event.key === "ArrowUp") {
      if (open) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      }
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault();
        window.location.assign(options[active].dataset.url);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        close();
      } else {
        input.value = "";
      }
    }
  });

  input.addEventListener("blur", close);
})();
