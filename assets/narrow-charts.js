/* Charts on a phone (home and comparison pages): the server draws one figure for every screen, so
   on a chart narrower than NARROW px its long texts ran off the edge (title, legend, axis titles,
   notes) and the map's colour bar took a third of the width. After each drawing, this wraps
   those texts on word boundaries to the chart's width, makes room for the added lines, and
   slims the map's colour bar. Downloads (PNG, SVG) are built by the server, unchanged. */
(function () {
  "use strict";
  var NARROW = 600;
  var PAGES = ".home-page, .compare-page";
  var BREAK = '<br class="w">';   // our line breaks: plotly reads any <br …> as one
  var BREAKS = /<br class="w">/g;
  var canvas = document.createElement("canvas").getContext("2d");

  function width(text, size, family) {
    canvas.font = size + "px " + family;
    return canvas.measureText(text.replace(/<[^>]*>/g, "")).width;
  }

  /* `text` with its lines broken so that none is wider than `room` px; lines holding markup
     (<b>, <i>…) are left whole, a break inside them would show the tags */
  function wrap(text, room, size, family) {
    if (typeof text !== "string" || !text) return text;
    return text.replace(BREAKS, " ").split(/<br\s*\/?>/i).map(function (line) {
      if (/<[^>]*>/.test(line) || width(line, size, family) <= room) return line;
      var out = [], current = "";
      line.split(" ").forEach(function (word) {
        var longer = current ? current + " " + word : word;
        if (current && width(longer, size, family) > room) { out.push(current); current = word; }
        else current = longer;
      });
      if (current) out.push(current);
      return out.join(BREAK);
    }).join("<br>");
  }

  /* « Indice (écart-type) 2019 » one word a line, a hyphenated word broken after its hyphen */
  function words(text) {
    if (text === undefined || text === null) return text;
    return String(text).replace(/<br\s*\/?>/gi, " ").split(" ").filter(Boolean).map(function (word) {
      return word.length > 7 ? word.replace(/-(?=.)/, "-<br>") : word;
    }).join("<br>");
  }

  function added(text) { return typeof text === "string" ? (text.match(BREAKS) || []).length : 0; }

  function base(gd, key, current) {
    // the value the server chose (a margin by default), remembered so that a redraw never
    // adds lines twice: what we set is told apart from what a new figure brings
    var memo = gd.__narrowMargins = gd.__narrowMargins || {};
    var now = arguments.length > 2 ? current : (gd.layout.margin || {})[key];
    if (memo[key] === undefined || now !== memo[key + "Set"]) memo[key] = now;
    return memo[key];
  }

  function adapt(gd) {
    var full = gd._fullLayout;
    if (!full || !full.width || full.width >= NARROW || !gd.closest(PAGES)) return;
    var family = (full.font && full.font.family) || "sans-serif";
    var layout = gd.layout, relayout = {}, restyle = {}, traces = [];
    var plot = full._size || {w: full.width, h: full.height};
    var lineHeight = function (size) { return Math.round(size * 1.3); };
    // a text centred at x px has twice its distance to the nearer edge
    var centred = function (x) { return 2 * Math.max(40, Math.min(x, full.width - x)) - 16; };

    var title = layout.title && layout.title.text;
    if (title) {
      var titleSize = (full.title && full.title.font && full.title.font.size) || 17;
      var titleText = wrap(title, full.width - 24, titleSize, family);
      if (titleText !== title) relayout["title.text"] = titleText;
      var subtitle = layout.title.subtitle && layout.title.subtitle.text, subText = subtitle, subSize = 13;
      if (subtitle) {
        subSize = (layout.title.subtitle.font && layout.title.subtitle.font.size) || 13;
        subText = wrap(subtitle, full.width - 24, subSize, family);
        if (subText !== subtitle) relayout["title.subtitle.text"] = subText;
      }
      var titleY = base(gd, "titleY", layout.title.y);
      // a title left to plotly (no y) is centred in the top margin: the lines under it need
      // twice their height there, half of it being spent above the title
      var under = typeof titleY === "number" ? 1 : 2;
      var top = base(gd, "t");
      if (top !== undefined) {
        relayout["margin.t"] = top + added(titleText) * lineHeight(titleSize)
          + under * added(subText) * lineHeight(subSize);
      }
      if (added(titleText) && typeof titleY === "number") {
        // plotly draws a placed title's extra lines above its first one: lower it by as many
        relayout["title.y"] = titleY - added(titleText) * lineHeight(titleSize) / full.height;
      }
    }
    var below = 0;  // px the x axis title grew by: the notes under the chart move down as much
    ["xaxis", "yaxis"].forEach(function (axis) {
      var text = layout[axis] && layout[axis].title && layout[axis].title.text;
      if (!text) return;
      var size = (full[axis] && full[axis].title && full[axis].title.font.size) || 14;
      var wrapped = wrap(text, axis === "xaxis" ? centred(plot.l + plot.w / 2) : plot.h, size, family);
      if (wrapped !== text) relayout[axis + ".title.text"] = wrapped;
      if (axis === "xaxis") below = added(wrapped) * lineHeight(size);
    });
    if (below && base(gd, "b") !== undefined) relayout["margin.b"] = base(gd, "b") + below;
    // the plot got shorter by what the margins grew: a note placed under it in fractions of its
    // height rises by as much, so it moves down by that and by the axis title's new lines
    var grown = ("margin.t" in relayout ? relayout["margin.t"] - base(gd, "t") : 0)
      + ("margin.b" in relayout ? relayout["margin.b"] - base(gd, "b") : 0);
    var lower = 0;  // how much further down the lowest note under the chart now reaches
    (layout.annotations || []).forEach(function (note, i) {
      if (note.xref !== "paper" || typeof note.text !== "string") return;
      var size = (note.font && note.font.size) || 12;
      var at = plot.l + plot.w * note.x;  // px from the chart's left edge
      var room = note.xanchor === "left" ? full.width - at - 8 : note.xanchor === "right" ? at - 8 : centred(at);
      var wrapped = wrap(note.text, room, size, family);
      if (wrapped !== note.text) relayout["annotations[" + i + "].text"] = wrapped;
      if (note.y < 0 && note.yref === "paper") {
        relayout["annotations[" + i + "].yshift"] = -Math.round(below - note.y * grown);
        lower = Math.max(lower, below - note.y * grown + added(wrapped) * lineHeight(size));
      }
    });

    if (lower > below && base(gd, "b") !== undefined) relayout["margin.b"] = base(gd, "b") + Math.round(lower);

    gd.data.forEach(function (trace, i) {
      var legendSize = (full.legend && full.legend.font && full.legend.font.size) || 12;
      if (trace.name && trace.showlegend !== false && full.showlegend) {
        var name = wrap(trace.name, full.width - 60, legendSize, family);
        if (name !== trace.name) { traces.push(i); restyle[i] = {name: name}; }
      }
      var bar = trace.colorbar;
      if (bar && /choropleth/.test(trace.type)) {
        // a slim colour bar, one word a line: the map keeps four fifths of the width
        var slim = {"colorbar.thickness": 10, "colorbar.len": 0.9,
                    "colorbar.title.text": words(bar.title && bar.title.text),
                    "colorbar.ticktext": bar.ticktext && bar.ticktext.map(words)};
        var same = bar.thickness === 10 && bar.title && bar.title.text === slim["colorbar.title.text"];
        if (!same) {
          restyle[i] = Object.assign(restyle[i] || {}, slim);
          if (traces.indexOf(i) < 0) traces.push(i);
        }
      }
    });

    var changed = Object.keys(relayout).filter(function (key) {
      var path = key.replace(/\[(\d+)\]/g, ".$1").split("."), value = layout;
      path.forEach(function (part) { value = value == null ? undefined : value[part]; });
      return value !== relayout[key];
    });
    if (!changed.length && !traces.length) return;
    var memo = gd.__narrowMargins || {};
    if ("margin.t" in relayout) memo.tSet = relayout["margin.t"];
    if ("margin.b" in relayout) memo.bSet = relayout["margin.b"];
    if ("title.y" in relayout) memo.titleYSet = relayout["title.y"];
    gd.__narrowBusy = true;
    var chain = Promise.resolve();
    traces.forEach(function (i) {
      chain = chain.then(function () {
        var update = {};
        Object.keys(restyle[i]).forEach(function (k) { update[k] = [restyle[i][k]]; });
        return window.Plotly.restyle(gd, update, [i]);
      });
    });
    chain.then(function () { return changed.length ? window.Plotly.relayout(gd, relayout) : null; })
      .catch(function () { /* a chart being replaced: the next drawing adapts it */ })
      .then(function () { gd.__narrowBusy = false; });
  }

  function watch(gd) {
    if (gd.__narrowWatched || !gd.on) return;
    gd.__narrowWatched = true;
    gd.on("plotly_afterplot", function () { if (!gd.__narrowBusy) adapt(gd); });
    adapt(gd);
  }

  var queued = false;
  new MutationObserver(function () {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      Array.prototype.forEach.call(document.querySelectorAll(".js-plotly-plot"), watch);
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
