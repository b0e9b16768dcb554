// The agreements database's filters (components/agreement_filters.html), enhanced: a choice
// applies as soon as it changes, and the URL names only the filters that are set, so that it
// can be shared as it is. Without this script the form's button submits every field and the
// server redirects to the same URL without the empty ones.
(function () {
  "use strict";
  var form = document.querySelector("form[data-filters]");
  if (!form) {
    return;
  }
  var panel = form.closest("[data-filters-panel]");
  var FOCUS_KEY = "iurc-filter-focus";
  // Readers are told before they choose that a choice reloads the results (WCAG 3.2.2).
  var hint = form.querySelector("[data-filters-hint]");
  if (hint) {
    hint.hidden = false;
  }
  // Browsers whose stylesheet cannot show a closed panel's content beside the results (no
  // ::details-content) get it opened on wide screens.
  if (panel && window.matchMedia("(min-width: 56rem)").matches) {
    panel.open = true;
  }

  function remember(id) {
    try {
      window.sessionStorage.setItem(FOCUS_KEY, id);
    } catch (error) {
      // Storage refused (private browsing): focus simply starts at the top of the page.
    }
  }

  function recalled() {
    try {
      var id = window.sessionStorage.getItem(FOCUS_KEY);
      window.sessionStorage.removeItem(FOCUS_KEY);
      return id;
    } catch (error) {
      return null;
    }
  }

  function cleanUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value.trim() !== "") {
        params.append(name, value.trim());
      }
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function apply(field) {
    if (field && field.id) {
      remember(field.id);
    }
    window.location.assign(cleanUrl());
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply(document.activeElement && form.contains(document.activeElement)
      ? document.activeElement : null);
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") {
      apply(event.target);
    }
  });

  // After a filter applied, the reader continues where they were: the panel open and the
  // field they changed focused.
  var id = recalled();
  var field = id ? document.getElementById(id) : null;
  if (field && form.contains(field)) {
    if (panel) {
      panel.open = true;
    }
    field.focus();
  }
})();
