/* The partner editor's point picker (partners/panels.py): a small map under the latitude and
   longitude fields. Clicking the map or dragging the marker fills both fields; typing in them
   moves the marker. The fields stay the editor: this script only shows the map (hidden until
   then) and keeps it and the fields in step. The background is the world outline from our
   static files (static/js/map-background.js), so the map works with no tile server. */
(function () {
  "use strict";

  // The fields' decimal places (Partner.latitude and Partner.longitude).
  const DIGITS = 6;
  const ZOOM_ON_POINT = 5;

  function parse(input) {
    const text = input.value.trim().replace(",", ".");
    if (text === "") {
      return null;
    }
    const value = Number(text);
    return Number.isFinite(value) ? value : null;
  }

  function pointOf(latitudeInput, longitudeInput) {
    const latitude = parse(latitudeInput);
    const longitude = parse(longitudeInput);
    if (latitude === null || longitude === null) {
      return null;
    }
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      return null;
    }
    return window.L.latLng(latitude, longitude);
  }

  function write(input, value) {
    input.value = value.toFixed(DIGITS);
    // Wagtail's editor notices changes by these events (its unsaved-changes warning).
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setUp(picker) {
    const L = window.L;
    const latitudeInput = document.getElementById(picker.dataset.latitudeInput);
    const longitudeInput = document.getElementById(picker.dataset.longitudeInput);
    const element = picker.querySelector(".point-picker__map");
    if (!latitudeInput || !longitudeInput || !element || picker.dataset.ready) {
      return;
    }
    picker.dataset.ready = "true";
    picker.hidden = false; // Leaflet measures the container: it must be shown first.

    const map = L.map(element, { zoomControl: false, scrollWheelZoom: false, worldCopyJump: true, minZoom: 1 });
    L.control.zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut }).addTo(map);
    map.on("focus click", () => map.scrollWheelZoom.enable());
    map.on("blur", () => map.scrollWheelZoom.disable());
    window.iurcMapBackground(map, element);

    const marker = L.marker([0, 0], {
      draggable: true,
      autoPan: true,
      title: element.dataset.markerTitle,
      alt: element.dataset.markerTitle,
      icon: L.divIcon({ className: "point-picker__marker", iconSize: [18, 18] }),
    });

    function show(point, centre) {
      if (!point) {
        marker.remove();
        delete element.dataset.marker;
        return;
      }
      marker.setLatLng(point);
      marker.addTo(map);
      // Where the marker is, for anyone checking the map against the fields (and the tests).
      element.dataset.marker = point.lat.toFixed(DIGITS) + " " + point.lng.toFixed(DIGITS);
      if (centre) {
        map.setView(point, Math.max(map.getZoom() || 0, ZOOM_ON_POINT));
      }
    }

    let filling = false;

    function fill(latlng) {
      const point = latlng.wrap(); // a click on a copy of the world east or west of the first
      filling = true; // the fields' events below are ours: the map stays where it is
      write(latitudeInput, point.lat);
      write(longitudeInput, point.lng);
      filling = false;
      show(point, false);
    }

    map.on("click", (event) => fill(event.latlng));
    marker.on("dragend", () => fill(marker.getLatLng()));
    [latitudeInput, longitudeInput].forEach((input) => {
      input.addEventListener("input", () => filling || show(pointOf(latitudeInput, longitudeInput), false));
      input.addEventListener("change", () => filling || show(pointOf(latitudeInput, longitudeInput), true));
    });

    const start = pointOf(latitudeInput, longitudeInput);
    if (start) {
      map.setView(start, ZOOM_ON_POINT);
      show(start, false);
    } else {
      map.setView([20, 0], 1);
    }
  }

  function start() {
    if (!window.L || !window.iurcMapBackground) {
      return; // the fields alone
    }
    document.querySelectorAll("[data-point-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
