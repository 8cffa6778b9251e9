// Each image's bytes are in the page once: every other <img> showing it copies its source.
for (const image of document.querySelectorAll("img[data-source]")) {
  image.src = document.getElementById(image.dataset.source).src;
}
for (const button of document.querySelectorAll("button[data-blink]")) {
  button.addEventListener("click", () => {
    const stage = document.getElementById(button.getAttribute("aria-controls"));
    const showResult = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(showResult));
    stage.querySelector("img.baseline").hidden = showResult;
    stage.querySelector("img.result").hidden = !showResult;
    button.textContent = showResult ? "Showing the result: show the baseline"
                                    : "Showing the baseline: show the result";
  });
}
for (const slider of document.querySelectorAll("input[data-swipe]")) {
  const over = document.getElementById(slider.getAttribute("aria-controls"));
  const update = () => { over.style.clipPath = `inset(0 ${100 - slider.value}% 0 0)`; };
  slider.addEventListener("input", update);
  update();
}
