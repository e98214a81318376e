# Usage: python3 resources/tray-render.py resources/tray  (needs numpy)
"""Renders the tray / menu-bar icons with numpy and zlib only, in 16 px and @2x (32 px).

The glyph is the app icon's, simplified for 16 px: three inputs routed through one hub to three
outputs. macOS gets template images (black + alpha; the system tints them for light and dark
menu bars); Windows and Linux get the glyph in white on a coloured rounded square.
  running  full glyph           / blue square
  paused   glyph at 45% alpha   / grey square
  failed   glyph struck through / red square
"""
import os, struct, sys, zlib
import numpy as np

SS = 8  # supersampling per pixel

def grid(size):
    n = size * SS
    c = (np.arange(n) + 0.5) / SS * (16 / size)  # glyph coordinates are in a 16-unit box
    return np.meshgrid(c, c)

def circle(X, Y, cx, cy, r):
    return np.hypot(X - cx, Y - cy) - r

def segment(X, Y, ax, ay, bx, by, w):
    px, py, dx, dy = X - ax, Y - ay, bx - ax, by - ay
    t = np.clip((px * dx + py * dy) / (dx * dx + dy * dy), 0, 1)
    return np.hypot(px - t * dx, py - t * dy) - w / 2

def rounded_rect(X, Y, x0, y0, x1, y1, r):
    cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 - r, (y1 - y0) / 2 - r
    qx, qy = np.abs(X - cx) - hx, np.abs(Y - cy) - hy
    return np.hypot(np.maximum(qx, 0), np.maximum(qy, 0)) + np.minimum(np.maximum(qx, qy), 0) - r

def glyph(X, Y, inset=0.0):
    """Boolean mask of the glyph; `inset` shrinks it into a square badge."""
    s = (16 - 2 * inset) / 16
    gx, gy = (X - inset) / s, (Y - inset) / s
    hub = (8, 8)
    m = circle(gx, gy, *hub, 2.3) <= 0
    for y in (3.2, 8, 12.8):
        for x in (2.4, 13.6):
            m |= circle(gx, gy, x, y, 1.5) <= 0
            m |= segment(gx, gy, x, y, *hub, 1.2) <= 0
    return m

def strike(X, Y, mask):
    """Cuts a gap along the diagonal and draws the slash in it."""
    line = segment(X, Y, 3.5, 12.5, 12.5, 3.5, 1.4)
    return (mask & (line > 1.0)) | (line <= 0)

def downsample(a, size):
    return a.reshape(size, SS, size, SS, *a.shape[2:]).mean(axis=(1, 3))

def png(rgba):
    h, w = rgba.shape[:2]
    raw = b''.join(b'\x00' + rgba[y].tobytes() for y in range(h))
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 6, 0, 0, 0)) \
        + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')

def template(kind, size):
    X, Y = grid(size)
    m = glyph(X, Y)
    if kind == 'failed':
        m = strike(X, Y, m)
    a = downsample(m.astype(float), size) * (0.45 if kind == 'paused' else 1.0)
    img = np.zeros((size, size, 4))
    img[..., 3] = a * 255
    return img.round().astype(np.uint8)

COLOURS = {'running': (0x2F, 0x62, 0xE0), 'paused': (0x7A, 0x80, 0x8A), 'failed': (0xD3, 0x2F, 0x2F)}

def colour(kind, size):
    X, Y = grid(size)
    bg = rounded_rect(X, Y, 0.5, 0.5, 15.5, 15.5, 3.5) <= 0
    fg = glyph(X, Y, inset=2.0)
    if kind == 'failed':
        fg = strike(X, Y, fg)
    fg &= bg
    rgb = np.where(fg[..., None], 255.0, np.array(COLOURS[kind], dtype=float)[None, None, :])
    a = downsample(bg.astype(float), size)
    premul = downsample(rgb * bg[..., None], size)
    col = np.where(a[..., None] > 0, premul / np.maximum(a[..., None], 1e-9), 0)
    return np.dstack([np.clip(col, 0, 255), a * 255]).round().astype(np.uint8)

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for kind in ('running', 'paused', 'failed'):
    cap = kind[0].upper() + kind[1:]
    for scale, suffix in ((1, ''), (2, '@2x')):
        size = 16 * scale
        open(os.path.join(out, f'tray{cap}Template{suffix}.png'), 'wb').write(png(template(kind, size)))
        open(os.path.join(out, f'tray-{kind}{suffix}.png'), 'wb').write(png(colour(kind, size)))
