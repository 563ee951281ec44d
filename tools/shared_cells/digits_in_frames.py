# Digits at random places in a larger frame (a shared cell: the same in 6.2 and the
# few-label vision project).
FRAME = 12  # pixels; an 8 x 8 digit fits at 5 x 5 = 25 positions


def place_in_frames(digit_images, rng, frame=FRAME):
    """Paste each 8 x 8 digit at a random position of an empty frame x frame image."""
    framed = np.zeros((len(digit_images), frame, frame), dtype=np.float32)
    rows, cols = rng.integers(0, frame - 7, size=(2, len(digit_images)))
    for picture, digit, row, col in zip(framed, digit_images, rows, cols):
        picture[row : row + 8, col : col + 8] = digit
    return framed
