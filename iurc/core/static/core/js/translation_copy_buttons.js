// wagtail-modeltranslation's "copy content from" buttons over each StreamField translation,
// rebuilt (iurc/core/wagtail_hooks.py says why): languages in their own names, as in the
// field labels, found by their column suffixes (Indonesian is "ind", Simplified Chinese
// "zh_hans"), and only those the form shows. Copying stays wagtail-modeltranslation's
// requestCopyField, whose view exists for saved pages only.
(() => {
  function run() {
    document.querySelectorAll(".translation-field-copy-wrapper").forEach((wrapper) => {
      wrapper.remove();
    });
    const configElement = document.getElementById("iurc-copy-buttons-config");
    const form = document.getElementById("page-edit-form");
    if (!configElement || !form || typeof window.requestCopyField !== "function") return;
    if (!/\/pages\/\d+\/edit\/$/.test(window.location.pathname)) return;
    const config = JSON.parse(configElement.textContent);
    // Longest first: "zh_hans" before a shorter suffix that might end it.
    const suffixes = Object.keys(config.languages).sort((a, b) => b.length - a.length);

    // field ("body") -> [{suffix, column, header}] in the form's order
    const fields = new Map();
    // A StreamField is a panel of its own: "panel-child-<tab>-body_vi-section", where <tab>
    // is the tab's heading in the language the edit handler was first built in (Wagtail
    // caches it), so the field is read from its input's content path, not from the tab.
    form.querySelectorAll("section.w-panel--nested").forEach((section) => {
      const input = section.querySelector(".w-field--block_field[data-contentpath]");
      const header = section.querySelector(":scope > .w-panel__header");
      if (!input || !header) return;
      const column = input.getAttribute("data-contentpath");
      if (!section.id.endsWith(`-${column}-section`)) return;
      const suffix = suffixes.find((candidate) => column.endsWith(`_${candidate}`));
      if (!suffix) return;
      const field = column.slice(0, -(suffix.length + 1));
      if (!fields.has(field)) fields.set(field, []);
      fields.get(field).push({ suffix, column, header });
    });

    fields.forEach((translations) => {
      if (translations.length < 2) return;
      translations.forEach((target) => {
        const wrapper = document.createElement("div");
        wrapper.className = "iurc-copy-from";
        wrapper.style.cssText =
          "display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem;margin-inline-start:auto";
        wrapper.append(`${config.strings.copyFrom}:`);
        translations.forEach((origin) => {
          if (origin === target) return;
          const language = config.languages[origin.suffix];
          const button = document.createElement("button");
          button.type = "button";
          button.className = "button button-small button-secondary";
          button.lang = language.code;
          button.dataset.copyFrom = origin.column;
          button.dataset.copyTo = target.column;
          button.textContent = language.name;
          button.addEventListener("click", (event) => {
            event.preventDefault();
            window.requestCopyField(origin.column, target.column);
          });
          wrapper.append(button);
        });
        target.header.append(wrapper);
      });
    });
  }

  // After wagtail-modeltranslation's own buttons: its script runs on jQuery's ready too, and
  // jQuery runs ready handlers in the order they were added.
  if (window.jQuery) window.jQuery(run);
})();
