# Usage: python3 resources/icon-render.py resources/icon.png  (needs numpy)
"""Renders the Switchboard icon (resources/icon.png, 512x512 RGBA) with numpy and zlib only.
Geometry matches resources/icon.svg: a blue rounded square, three inputs on the left routed
through one hub to three outputs on the right."""
import struct, sys, zlib
import numpy as np

SIZE, SS = 512, 4
n = SIZE * SS
c = (np.arange(n) + 0.5) / SS
X, Y = np.meshgrid(c, c)

def rounded_rect(x0, y0, x1, y1, r):
    cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 - r, (y1 - y0) / 2 - r
    qx, qy = np.abs(X - cx) - hx, np.abs(Y - cy) - hy
    return np.hypot(np.maximum(qx, 0), np.maximum(qy, 0)) + np.minimum(np.maximum(qx, qy), 0) - r

def circle(cx, cy, r):
    return np.hypot(X - cx, Y - cy) - r

def segment(ax, ay, bx, by, w):
    px, py, dx, dy = X - ax, Y - ay, bx - ax, by - ay
    t = np.clip((px * dx + py * dy) / (dx * dx + dy * dy), 0, 1)
    return np.hypot(px - t * dx, py - t * dy) - w / 2

bg = rounded_rect(48, 48, 464, 464, 92) <= 0
hub = (256, 256)
ys = (176, 256, 336)
fg = circle(*hub, 36) <= 0
for y in ys:
    for x in (136, 376):
        fg |= circle(x, y, 22) <= 0
        fg |= segment(x, y, *hub, 14) <= 0
fg &= bg

# Vertical gradient #3b7bf5 (top) to #1d43b0 (bottom); white foreground.
t = (Y - 48) / 416
top, bottom = np.array([0x3B, 0x7B, 0xF5]), np.array([0x1D, 0x43, 0xB0])
rgb = top[None, None, :] * (1 - t[..., None]) + bottom[None, None, :] * t[..., None]
rgb = np.where(fg[..., None], 255.0, rgb)
alpha = bg.astype(float)

def downsample(a):
    return a.reshape(SIZE, SS, SIZE, SS, *a.shape[2:]).mean(axis=(1, 3))

a = downsample(alpha)
# Average colour over covered samples only, so edges do not darken.
premul = downsample(rgb * alpha[..., None])
col = np.where(a[..., None] > 0, premul / np.maximum(a[..., None], 1e-9), 0)
img = np.dstack([np.clip(col, 0, 255), a * 255]).round().astype(np.uint8)

raw = b''.join(b'\x00' + img[y].tobytes() for y in range(SIZE))
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', SIZE, SIZE, 8, 6, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)
