// Progressive enhancement for the upload form: drop files on it, and see the upload's progress.
// Without this script the form posts as usual; with it, the page is swapped for the server's reply.

(() => {
  function enhance(form) {
    const input = form.querySelector('input[type="file"]');
    const progress = form.querySelector("progress");
    const hint = form.querySelector(".drop-hint");
    if (!input || !progress || !window.DataTransfer) return;
    if (hint) hint.hidden = false;
    for (const type of ["dragenter", "dragover"]) {
      form.addEventListener(type, (event) => {
        event.preventDefault();
        form.classList.add("dragging");
      });
    }
    for (const type of ["dragleave", "drop"]) {
      form.addEventListener(type, () => form.classList.remove("dragging"));
    }
    form.addEventListener("drop", (event) => {
      event.preventDefault();
      const dropped = event.dataTransfer?.files;
      if (!dropped || dropped.length === 0) return;
      const all = new DataTransfer();
      for (const file of dropped) all.items.add(file);
      input.files = all.files;
      input.dispatchEvent(new Event("change"));
    });
    form.addEventListener("submit", (event) => {
      if (!input.files || input.files.length === 0) return;
      event.preventDefault();
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      progress.hidden = false;
      progress.value = 0;
      request.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
      });
      request.addEventListener("load", () => {
        // The reply is the whole page, with what was added or refused: show it.
        const page = new DOMParser().parseFromString(request.responseText, "text/html");
        const main = page.querySelector("main");
        const current = document.querySelector("main");
        if (!main || !current) return form.submit();
        current.replaceWith(main);
        const added = document.querySelector("form[data-upload]");
        if (added) enhance(added);
        const result = main.querySelector(".results");
        (result || main).setAttribute("tabindex", "-1");
        (result || main).focus();
      });
      request.addEventListener("error", () => form.submit());
      request.send(new FormData(form));
    });
  }
  for (const form of document.querySelectorAll("form[data-upload]")) enhance(form);
})();
