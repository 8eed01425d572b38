// The gallery's "open in the endpoint" link: the query with the form's values bound in a VALUES
// clause (typed as the header says; key values folded like `kg query` does), opened in YASGUI.
// Served by `kg serve --site`, the endpoint is the same origin's /endpoint/; from file://, the
// page `kg serve` runs on its default port (or the one `kg site --endpoint` named).
(function () {
  var form = document.querySelector(".query-form"), link = document.querySelector(".open-endpoint"),
      base = document.getElementById("sparql-base"), shown = document.getElementById("sparql");
  if (!form || !link) return;
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var page = form.dataset.endpoint ||
      (location.protocol.indexOf("http") === 0 ? location.origin + "/endpoint/" : form.dataset.defaultPage);
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase()
            .replace(/\s+/g, " ").trim();
  }
  function literal(s) {
    return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
  }
  function term(kind, v) {
    v = v.trim();
    if (kind === "iri") return /^[^<>"{}|^`\\\s]+$/.test(v) ? "<" + v + ">" : null;
    if (kind === "key") return literal(fold(v));
    if (kind === "integer") return /^-?\d+$/.test(v) ? literal(v) + "^^<" + XSD + "integer>" : null;
    if (kind === "date") return /^\d{4}-\d{2}-\d{2}$/.test(v) ? literal(v) + "^^<" + XSD + "date>" : null;
    return literal(v);
  }
  function update() {
    var text = base.content ? base.content.textContent : base.textContent, names = [], values = [];
    form.querySelectorAll("input[name]").forEach(function (input) {
      if (!input.value.trim()) { input.removeAttribute("aria-invalid"); return; }
      var t = term(input.dataset.kind, input.value);
      input.setAttribute("aria-invalid", t === null ? "true" : "false");
      if (t !== null) { names.push("?" + input.name); values.push(t); }
    });
    if (values.length)  // one trailing VALUES clause is all SPARQL allows
      text = text.replace(/\s*$/, "\n") + "VALUES (" + names.join(" ") + ") { (" + values.join(" ") + ") }\n";
    shown.textContent = text;
    link.href = page + "#query=" + encodeURIComponent(text) + "&endpoint=" + encodeURIComponent(page + "query");
  }
  form.addEventListener("input", update);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); update(); location.href = link.href; });
  update();
})();
