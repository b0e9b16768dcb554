// An event's times in the reader's own time zone, beside the organisers' local time and UTC
// that the page already shows (so nothing is lost without JavaScript).
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  var readerZone;
  try {
    readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  document.querySelectorAll("[data-event-time]").forEach(function (element) {
    var start = new Date(element.dataset.start);
    var end = new Date(element.dataset.end);
    if (isNaN(start) || isNaN(end) || element.dataset.zone === readerZone) {
      return;
    }
    var format = new Intl.DateTimeFormat(lang, {
      year: "numeric", month: "long", day: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
    var text = format.formatRange ? format.formatRange(start, end)
      : format.format(start) + " – " + format.format(end);
    element.querySelector("[data-event-time-text]").textContent =
      text + (readerZone ? " (" + readerZone.replace(/_/g, " ") + ")" : "");
    element.hidden = false;
  });
})();
