/* The background of the site's maps: the world's countries, drawn from our own static files
   under the markers, so that a map is legible with no tile server and no internet; and, when
   the site sets one (IURC_MAP_TILES), a tile server's images over them.

   The outline is Natural Earth's 1:110m countries (world-atlas, TopoJSON, turned into GeoJSON
   by topojson-client; both vendored by `make vendor`). It is drawn as SVG in a pane of its own
   below the tiles, so that tiles cover it where they load and it shows where they fail. The
   sea is the map container's background (static/css/site.css, partners/static/partners/).

   The map element's data attributes say what to draw (partners/maps.py):
   data-outline (the TopoJSON's URL), and data-tiles, data-tiles-attribution and
   data-tiles-attribution-url when tiles are set. Used by the agreements map
   (static/js/agreement-map.js) and the partner editor's point picker
   (partners/static/partners/point-picker.js). */
(function () {
  "use strict";

  const LAND = "#f7f4ec";
  const BORDER = "#a19a88";
  const NATURAL_EARTH = "https://www.naturalearthdata.com/";

  function escapeHtml(text) {
    const element = document.createElement("span");
    element.textContent = text;
    return element.innerHTML;
  }

  function credit(text, url) {
    if (!url) {
      return escapeHtml(text);
    }
    const link = document.createElement("a");
    link.href = url;
    link.textContent = text;
    return link.outerHTML;
  }

  /* Natural Earth cuts Russia, Fiji and Antarctica at the antimeridian: a ring that runs from
     179.9° to -180° would be drawn as a line across the whole world. Each point is moved by
     360° where needed, so that a ring goes on past 180° instead. */
  function unwrapRing(ring) {
    let shift = 0;
    let previous = null;
    return ring.map(([longitude, latitude]) => {
      if (previous !== null) {
        const step = longitude + shift - previous;
        if (step > 180) {
          shift -= 360;
        } else if (step < -180) {
          shift += 360;
        }
      }
      previous = longitude + shift;
      return [previous, latitude];
    });
  }

  function unwrap(geometry) {
    if (geometry.type === "Polygon") {
      geometry.coordinates = geometry.coordinates.map(unwrapRing);
    } else if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map((polygon) => polygon.map(unwrapRing));
    }
    return geometry;
  }

  function drawOutline(map, element, pane) {
    const source = element.dataset.outline;
    if (!source || !window.topojson || !window.fetch) {
      return Promise.resolve(null);
    }
    return window
      .fetch(source, { credentials: "omit", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) {
          throw new Error("The world outline answered " + response.status);
        }
        return response.json();
      })
      .then((topology) => {
        const countries = window.topojson.feature(topology, topology.objects.countries);
        countries.features.forEach((feature) => feature.geometry && unwrap(feature.geometry));
        const layer = window.L.geoJSON(countries, {
          pane: pane,
          renderer: window.L.svg({ pane: pane, padding: 0.5 }),
          interactive: false,
          style: { color: BORDER, weight: 0.6, opacity: 1, fillColor: LAND, fillOpacity: 1 },
        });
        layer.addTo(map);
        // What was drawn, for anyone checking the map (and the tests).
        element.dataset.outlineFeatures = String(layer.getLayers().length);
        return layer;
      });
  }

  /* Draws the background of ``map`` (a Leaflet map on ``element``); ``onTileError`` is called
     once if a tile fails to load. Returns a promise of the outline layer. */
  window.iurcMapBackground = function (map, element, onTileError) {
    const L = window.L;
    const pane = "outline";
    map.createPane(pane).style.zIndex = "150"; // under the tiles' pane (200)
    map.attributionControl.addAttribution(credit("Natural Earth", NATURAL_EARTH));
    const template = element.dataset.tiles;
    if (template) {
      const tiles = L.tileLayer(template, {
        maxZoom: 19,
        // Tile servers ask for the site's origin; the site's own policy sends no referrer.
        referrerPolicy: "strict-origin-when-cross-origin",
        attribution: credit(element.dataset.tilesAttribution || "", element.dataset.tilesAttributionUrl),
      });
      if (onTileError) {
        tiles.once("tileerror", onTileError);
      }
      tiles.addTo(map);
    }
    return drawOutline(map, element, pane).catch((error) => {
      if (window.console) {
        window.console.error("The world outline could not be drawn.", error);
      }
      return null;
    });
  };
})();
