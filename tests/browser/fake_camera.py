"""A fake camera for Chromium: a YUV4MPEG2 (Y4M) file showing one QR code.

Chromium plays it with `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=FILE.y4m`
and loops it. It wants 4:2:0 chroma (C420jpeg); one file per browser launch, so one code per launch.
Pure PIL (no numpy): RGB → YCbCr, Cb and Cr downsampled by 2 in each direction.
"""

import io
from pathlib import Path

from PIL import Image

from raker.pdf.qr import qr_png


def frame_with_qr(text: str, width: int = 640, height: int = 480, qr_size: int = 300) -> Image.Image:
    """A white frame with the code centred (quiet zone included in qr_png)."""
    with Image.open(io.BytesIO(qr_png(text, box_size=10))) as code:
        code = code.convert("L").resize((qr_size, qr_size), Image.NEAREST)
    frame = Image.new("RGB", (width, height), "white")
    frame.paste(code.convert("RGB"), ((width - qr_size) // 2, (height - qr_size) // 2))
    return frame


def yuv420_planes(image: Image.Image) -> bytes:
    """Y at full size, then Cb and Cr at half width and height (planar I420)."""
    width, height = image.size
    if width % 2 or height % 2:
        raise ValueError("4:2:0 needs an even width and height")
    y, cb, cr = image.convert("YCbCr").split()
    half = (width // 2, height // 2)
    return y.tobytes() + cb.resize(half, Image.BILINEAR).tobytes() + cr.resize(half, Image.BILINEAR).tobytes()


def write_y4m(path: Path, image: Image.Image, frames: int = 5, fps: int = 10) -> Path:
    width, height = image.size
    planes = yuv420_planes(image)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(planes)
    return path


def qr_camera(path: Path, text: str, **kwargs) -> Path:
    """Write a Y4M file at `path` whose every frame shows the QR code for `text`."""
    return write_y4m(Path(path), frame_with_qr(text, **kwargs))


def read_first_frame(path: Path) -> Image.Image:
    """The luma plane of the first frame, for checking the file in a test (grey image)."""
    data = Path(path).read_bytes()
    header, _, rest = data.partition(b"\n")
    fields = dict((f[:1].decode(), f[1:].decode()) for f in header.split()[1:])
    width, height = int(fields["W"]), int(fields["H"])
    assert rest.startswith(b"FRAME\n")
    luma = rest[len(b"FRAME\n") : len(b"FRAME\n") + width * height]
    return Image.frombytes("L", (width, height), luma)
