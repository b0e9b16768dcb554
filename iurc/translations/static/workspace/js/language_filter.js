// The editor's language filter: with many languages, show the fields of the chosen ones only.
// Hiding is presentation only: hidden fields are still posted unchanged. Translators, whose
// form holds only English and their languages, see every field and no filter.
(() => {
  const STORAGE_KEY = "iurc-editor-languages";
  const HIDDEN_CLASS = "iurc-language-hidden";

  function stored() {
    try {
      const value = JSON.parse(window.localStorage.getItem(STORAGE_KEY));
      return Array.isArray(value) ? value : null;
    } catch (error) {
      return null;
    }
  }

  function store(codes) {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(codes));
    } catch (error) {
      // Private browsing: the choice lasts for this page only.
    }
  }

  // The element to hide for a field: its panel when the field is a panel of its own, else
  // the field's wrapper (fields inside a group or an inline child).
  function containerOf(field, name) {
    const wrapper = field.closest("[data-field-wrapper]");
    if (!wrapper) return null;
    const suffix = `-child-${name}-wrapper`;
    if (wrapper.id && wrapper.id.endsWith(suffix)) {
      const sectionId = `${wrapper.id.slice(0, -suffix.length)}-${name}-section`;
      const section = document.getElementById(sectionId);
      if (section) return section;
    }
    return wrapper;
  }

  // The language of a form field: "body_vi" is Vietnamese when "body" is translated.
  function languageOf(name, config) {
    for (const [suffix, code] of Object.entries(config.suffixes)) {
      const base = name.slice(0, -(suffix.length + 1));
      if (name.endsWith(`_${suffix}`) && config.fields.includes(base)) return code;
    }
    return null;
  }

  function hasErrors(element) {
    return Boolean(element.querySelector(".error-message, [aria-invalid='true']"));
  }

  function run() {
    const configElement = document.getElementById("iurc-language-filter-config");
    const form = document.querySelector("form[data-edit-form]");
    if (!configElement || !form) return;
    const config = JSON.parse(configElement.textContent);

    const groups = new Map();
    form.querySelectorAll("[data-contentpath]").forEach((field) => {
      const name = field.getAttribute("data-contentpath");
      const code = languageOf(name, config);
      const container = code && containerOf(field, name);
      if (!container) return;
      if (!groups.has(code)) groups.set(code, []);
      groups.get(code).push(container);
    });
    const present = config.languages.filter((language) => groups.has(language.code));
    if (present.length <= 2) return;

    const shown = new Set(stored() || [config.default]);
    shown.add(config.default);
    groups.forEach((containers, code) => {
      if (containers.some(hasErrors)) shown.add(code);
    });

    const apply = () => {
      groups.forEach((containers, code) => {
        containers.forEach((container) => {
          container.classList.toggle(HIDDEN_CLASS, !shown.has(code));
        });
      });
    };

    const fieldset = document.createElement("fieldset");
    fieldset.className = "iurc-language-filter w-form-width";
    const legend = document.createElement("legend");
    legend.textContent = config.strings.legend;
    fieldset.append(legend);
    const boxes = [];
    present.forEach((language) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = language.code;
      box.checked = shown.has(language.code);
      box.disabled = language.code === config.default;
      box.addEventListener("change", () => {
        if (box.checked) shown.add(language.code);
        else shown.delete(language.code);
        store([...shown]);
        apply();
      });
      const name = document.createElement("span");
      name.lang = language.code;
      name.textContent = language.name;
      label.append(box, " ", name);
      fieldset.append(label);
      boxes.push(box);
    });
    const all = document.createElement("button");
    all.type = "button";
    all.className = "button button-small button-secondary";
    all.textContent = config.strings.all;
    all.addEventListener("click", () => {
      present.forEach((language) => shown.add(language.code));
      boxes.forEach((box) => {
        box.checked = true;
      });
      store([...shown]);
      apply();
    });
    fieldset.append(all);

    // Above the fields: at the top of the tabs' content, or of the form without tabs.
    const tabContent = form.querySelector(".tab-content");
    const firstFieldBlock = [...form.children].find((child) =>
      child.querySelector("[data-contentpath]"),
    );
    if (tabContent) tabContent.prepend(fieldset);
    else if (firstFieldBlock) form.insertBefore(fieldset, firstFieldBlock);
    else form.prepend(fieldset);
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
