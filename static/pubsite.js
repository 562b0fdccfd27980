// pubsite default theme: the light/dark toggle, copy buttons for citations and the home page's
// filter. Every page works without this file: all papers are listed, the theme follows the
// system setting, and topic and year pages are plain links.
(function () {
  "use strict";
  var root = document.documentElement;
  var THEME_KEY = "pubsite-theme";
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : !!(darkQuery && darkQuery.matches);
  }

  function themeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) { return; }
    var sync = function () { button.setAttribute("aria-pressed", String(isDark())); };
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME_KEY, next); } catch (e) { /* private mode: not remembered */ }
      sync();
    });
    if (darkQuery && darkQuery.addEventListener) { darkQuery.addEventListener("change", sync); }
    sync();
  }

  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent).then(function () {
          var label = button.textContent;
          button.textContent = button.getAttribute("data-copied") || "Copied";
          setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }

  // Lower case without accents, so "schölkopf" finds "Schölkopf" and "scholkopf".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function hasTopic(list, code) {
    return (" " + list + " ").indexOf(" " + code + " ") >= 0;
  }

  function filter() {
    var box = document.querySelector("[data-filter]");
    if (!box) { return; }
    var form = box.querySelector("form");
    var query = form.elements.q;
    var topic = form.elements.topic;
    var year = form.elements.year;
    var counter = box.querySelector(".filter-count");
    var results = box.querySelector(".search-results");
    var papers = Array.prototype.slice.call(document.querySelectorAll("main .paper"));
    var texts = papers.map(function (paper) { return fold(paper.textContent); });
    var groups = Array.prototype.slice.call(document.querySelectorAll("main .year-group"));
    var hideWhileSearching = document.querySelectorAll("main .year-jump, main .pager");
    var total = Number(box.getAttribute("data-total")) || papers.length;
    // The words to write, in the page's language (counts by the language's plural rules).
    var words = {};
    try { words = JSON.parse(box.getAttribute("data-strings") || "{}"); } catch (e) { /* English below */ }
    var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(root.lang || "en") : null;
    function digits(n) {
      return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, words.separator == null ? "," : words.separator);
    }
    function count(forms, n, shown) {
      if (!forms) { return (shown == null ? "" : digits(shown) + " / ") + digits(n); }
      var form = forms[plural ? plural.select(n) : (n === 1 ? "one" : "other")] || forms.other;
      return form.replace("{n}", digits(n)).replace("{shown}", shown == null ? "" : digits(shown));
    }
    // A paginated page holds some papers only: search the index of all of them instead.
    var partial = papers.length < total;
    var index = null;

    function choose(select, value) {
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === value) { select.value = value; return; }
      }
    }

    function readUrl() {
      var params = new URLSearchParams(location.search);
      query.value = params.get("q") || "";
      topic.value = "";
      year.value = "";
      choose(topic, params.get("topic") || "");
      choose(year, params.get("year") || "");
    }

    function writeUrl() {
      var params = new URLSearchParams();
      if (query.value.trim()) { params.set("q", query.value.trim()); }
      if (topic.value) { params.set("topic", topic.value); }
      if (year.value) { params.set("year", year.value); }
      var search = params.toString();
      var url = location.pathname + (search ? "?" + search : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) {
        history.replaceState(null, "", url);
      }
    }

    function matcher() {
      var words = fold(query.value).split(/\s+/).filter(Boolean);
      var wantTopic = topic.value;
      var wantYear = year.value;
      return {
        active: words.length > 0 || !!wantTopic || !!wantYear,
        test: function (text, paperYear, topics) {
          if (wantYear && paperYear !== wantYear) { return false; }
          if (wantTopic && !hasTopic(topics, wantTopic)) { return false; }
          return words.every(function (word) { return text.indexOf(word) >= 0; });
        }
      };
    }

    function filterPage(match) {
      var shown = 0;
      papers.forEach(function (paper, i) {
        var ok = match.test(texts[i], paper.getAttribute("data-year"), paper.getAttribute("data-topics"));
        paper.hidden = !ok;
        if (ok) { shown++; }
      });
      groups.forEach(function (group) {
        var visible = group.querySelectorAll(".paper:not([hidden])").length;
        group.hidden = visible === 0;
        var number = group.querySelector(".year-heading .count");
        if (number) { number.textContent = visible; }
      });
      return shown;
    }

    function showResults(match) {
      var hits = index.filter(function (entry) {
        return match.test(entry.text, entry.y == null ? "" : String(entry.y), entry.k.join(" "));
      });
      results.textContent = "";
      hits.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.u;
        link.textContent = entry.t;
        var about = document.createElement("span");
        about.className = "search-hit-meta";
        about.textContent = entry.a + (entry.y == null ? "" : " · " + entry.y) + (entry.v ? " · " + entry.v : "");
        item.appendChild(link);
        item.appendChild(about);
        results.appendChild(item);
      });
      return hits.length;
    }

    function apply() {
      var match = matcher();
      var shown;
      if (partial && match.active) {
        if (!index) { loadIndex(); counter.textContent = count(words.searching, total); return; }
        shown = showResults(match);
      } else {
        shown = filterPage(match);
      }
      var searching = partial && match.active;
      results.hidden = !searching;
      groups.forEach(function (group) { if (searching) { group.hidden = true; } });
      Array.prototype.forEach.call(hideWhileSearching, function (el) { el.hidden = match.active; });
      if (!match.active) {
        counter.textContent = count(words.count, total);
      } else if (shown === 0) {
        counter.textContent = words.none || "No paper matches the filter";
      } else {
        counter.textContent = count(words.shown, total, shown);
      }
      writeUrl();
    }

    function loadIndex() {
      if (loadIndex.started) { return; }
      loadIndex.started = true;
      fetch(box.getAttribute("data-index"))
        .then(function (response) { return response.json(); })
        .then(function (entries) {
          index = entries.map(function (e) {
            e.text = fold([e.t, e.a, e.v, e.x].join(" "));
            return e;
          });
          apply();
        })
        .catch(function () { counter.textContent = words.failed || "The search index could not be loaded"; });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    window.addEventListener("popstate", function () { readUrl(); apply(); });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        query.focus();
      }
    });
    readUrl();
    if (query.value || topic.value || year.value) { apply(); }
  }

  // The owner's e-mail is in the page as "user (at) domain" only; the link is made here.
  function emailLinks() {
    document.querySelectorAll(".email[data-user][data-domain]").forEach(function (span) {
      var address = span.getAttribute("data-user") + "@" + span.getAttribute("data-domain");
      var link = document.createElement("a");
      link.href = "mailto:" + address;
      while (span.firstChild) { link.appendChild(span.firstChild); }
      link.lastChild.textContent = address;
      span.appendChild(link);
    });
  }

  themeToggle();
  copyButtons();
  emailLinks();
  filter();
})();
