// Adds, after each <time data-local-time>, the same instant in the reader's own time zone,
// written in the page's language. Without scripts the page shows the call's time zone and UTC.
(function () {
  "use strict";
  var language = document.documentElement.lang || undefined;
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  document.querySelectorAll("time[data-local-time]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) {
      return;
    }
    var text = new Intl.DateTimeFormat(language, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: zone,
    }).format(moment);
    var local = document.createElement("span");
    local.className = "local-time";
    local.textContent = element.dataset.localLabel + " (" + zone + "): " + text;
    element.after(document.createElement("br"), local);
  });
})();
