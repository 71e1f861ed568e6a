// Suggestions while typing, as an ARIA 1.2 combobox (list autocomplete): "Mon adresse"
// and « Votre commune ». Each field names its suggestions' URL, its list and its live
// region in data attributes (data-suggestions-url, -list, -status), and the words the
// live region says (data-suggestions-one, -many, -none). Without this script the form
// still works: it lists the matches. Arrows move in the list (aria-activedescendant),
// Enter opens the chosen item, Escape closes the list, the live region says how many
// suggestions there are.
(function () {
  "use strict";

  function setUp(input) {
    var list = document.getElementById(input.dataset.suggestionsList);
    var status = document.getElementById(input.dataset.suggestionsStatus);
    if (!list || !status) {
      return;
    }
    var one = input.dataset.suggestionsOne || "suggestion";
    var many = input.dataset.suggestionsMany || "suggestions";
    var none = input.dataset.suggestionsNone || "Aucune suggestion.";
    var minimum = parseInt(input.dataset.suggestionsMinimum || "3", 10);
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
        option.id = input.id + "-suggestion-" + i;
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
        ? options.length + " " + (options.length > 1 ? many : one) +
          ", flèche bas pour les parcourir."
        : none;
    }

    function suggest() {
      var query = input.value.trim();
      if (query.length < minimum) {
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
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggestions-url]"), setUp);
})();
