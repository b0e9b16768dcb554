/* The map of the agreements database: a marker per located partner and a line between the
   partners of each agreement of the current filters.

   The page already lists the same partners (or their countries, when there are too many); this
   script only adds the map. It reads its data from the URL in the container's data-source (JSON
   for the same filters, cached by the site like a page) and draws with Leaflet on a canvas,
   which stays fast with thousands of partners, over the world's countries from our own static
   files (static/js/map-background.js), and over a tile server's images only when the site sets
   one: without the internet the map is still legible. If anything fails, the map stays hidden
   and the list is what the visitor gets. */
(function () {
  "use strict";

  const LINE_COLOUR = "#003399";
  const MARKER_COLOUR = "#b35900";

  function popupContent(partner, container, data) {
    const [id, , , name, count, kind, country] = partner;
    const link = document.createElement("a");
    link.href = container.dataset.partnerUrl.replace(/0\/$/, id + "/");
    link.textContent = name;
    const title = document.createElement("strong");
    title.appendChild(link);
    // Its kind and country tell apart partners of the same name (Chongqing the city and the
    // municipality).
    const what = document.createElement("span");
    what.className = "agreement-map__kind";
    what.textContent = [data.kinds[kind], data.countries[country]].filter(Boolean).join(", ");
    const detail = document.createElement("span");
    detail.textContent = container.dataset.countLabel + ": " + count.toLocaleString(document.documentElement.lang);
    const content = document.createElement("div");
    content.append(title, document.createElement("br"), what, document.createElement("br"), detail);
    return content;
  }

  function draw(container, data) {
    const L = window.L;
    const map = L.map(container, {
      preferCanvas: true,
      zoomControl: false,
      scrollWheelZoom: false,
      worldCopyJump: true,
      minZoom: 1,
    });
    L.control
      .zoom({ zoomInTitle: container.dataset.zoomIn, zoomOutTitle: container.dataset.zoomOut })
      .addTo(map);
    // The page scrolls with the wheel until the visitor chooses the map.
    map.on("focus click", () => map.scrollWheelZoom.enable());
    map.on("blur", () => map.scrollWheelZoom.disable());

    const status = document.getElementById("agreement-map-status");
    window.iurcMapBackground(map, container, () => {
      if (status) {
        status.textContent = status.dataset.tileError;
      }
    });

    const renderer = L.canvas({ padding: 0.5 });
    const points = data.partners.map((partner) => [partner[1], partner[2]]);
    const segments = data.links.map(([first, second]) => [points[first], points[second]]);
    if (segments.length) {
      L.polyline(segments, {
        renderer: renderer,
        color: LINE_COLOUR,
        weight: 1,
        opacity: 0.45,
        interactive: false,
      }).addTo(map);
    }
    const markers = L.featureGroup();
    data.partners.forEach((partner, index) => {
      L.circleMarker(points[index], {
        renderer: renderer,
        radius: 5,
        weight: 1,
        color: "#ffffff",
        fillColor: MARKER_COLOUR,
        fillOpacity: 1,
        partnerId: partner[0],
      })
        .bindPopup(() => popupContent(partner, container, data))
        .addTo(markers);
    });
    markers.addTo(map);

    if (points.length) {
      map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 8 });
    } else {
      map.setView([20, 0], 2);
    }
    // What was actually drawn, for anyone checking the map against the list (and the tests).
    const drawn = markers.getLayers().map((marker) => marker.options.partnerId);
    container.dataset.drawnPartners = drawn.join(" ");
    container.dataset.drawnLines = String(segments.length);
    return map;
  }

  function hide(container, error) {
    container.hidden = true;
    if (window.console) {
      window.console.error("The map could not be drawn; the list has the same partners.", error);
    }
  }

  function start() {
    const container = document.getElementById("agreement-map");
    if (
      !container ||
      !container.dataset.source ||
      !window.L ||
      !window.fetch ||
      !window.iurcMapBackground
    ) {
      return;
    }
    const help = document.getElementById("agreement-map-help");
    window
      .fetch(container.dataset.source, { credentials: "omit", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) {
          throw new Error("The map data answered " + response.status);
        }
        return response.json();
      })
      .then((data) => {
        container.hidden = false; // Leaflet measures the container: it must be shown first.
        draw(container, data);
        if (help) {
          help.hidden = false;
        }
        container.classList.add("agreement-map--ready");
      })
      .catch((error) => hide(container, error));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
