// Search over project names typed without diacritics: every word of the query must occur in one
// of the names a project goes by (KG_INDEX, from search-index.js). No framework, works from file://.
(function () {
  var input = document.getElementById("q"), list = document.getElementById("results"),
      status = document.getElementById("search-status");
  if (!input || typeof KG_INDEX === "undefined") return;
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase()
            .replace(/\s+/g, " ").trim();
  }
  function search() {
    var q = fold(input.value), words = q.split(" ").filter(Boolean);
    list.innerHTML = "";
    if (!words.length) { status.textContent = ""; return; }
    var hits = KG_INDEX.filter(function (e) {
      return words.every(function (w) { return e.k.indexOf(w) >= 0; });
    });
    hits.sort(function (a, b) {  // a name equal to the query first, then the most mentioned
      var ea = a.k.split(" | ").indexOf(q) >= 0, eb = b.k.split(" | ").indexOf(q) >= 0;
      return (eb - ea) || (b.c - a.c) || a.n.localeCompare(b.n);
    });
    status.textContent = hits.length + (hits.length === 1 ? " project" : " projects");
    hits.slice(0, 50).forEach(function (e) {
      var li = document.createElement("li"), a = document.createElement("a"), small = document.createElement("small");
      a.href = e.u; a.textContent = e.n;
      small.textContent = " " + e.t.replace(/_/g, " ") + ", " + e.p + ", " + e.c + (e.c === 1 ? " mention" : " mentions");
      li.appendChild(a); li.appendChild(small); list.appendChild(li);
    });
  }
  input.addEventListener("input", search);
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault(); search();
    var first = list.querySelector("a"); if (first) first.focus();
  });
  var given = new URLSearchParams(location.search).get("q");
  if (given) { input.value = given; search(); }
})();
