"""Draw the scanner app's home-screen icons (static/img/app/raker-192.png, raker-512.png) from the
Raker mark (static/img/raker-mark.svg): the brand square, a white R, the orange dot. Pillow only;
run again after changing the mark:  .venv/bin/python scripts/make_app_icons.py"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "raker" / "pdf" / "fonts" / "LiberationSans-Bold.ttf"
BRAND, ACCENT = "#0b4f6c", "#f2a541"


def icon(size: int) -> Image.Image:
    # Full-bleed square (also fine as a "maskable" icon: the R and the dot sit in the central 80 %).
    image = Image.new("RGB", (size, size), BRAND)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), int(size * 0.56))
    draw.text((size * 0.46, size * 0.5), "R", font=font, fill="white", anchor="mm")
    r = size * 0.075
    cx, cy = size * 0.70, size * 0.66
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ACCENT)
    return image


if __name__ == "__main__":
    for size in (192, 512):
        icon(size).save(ROOT / "static" / "img" / "app" / f"raker-{size}.png", optimize=True)
