# The same CNN in Keras (a shared cell: the same in 8.1, 8.2 and 8.3).
def make_cnn_keras(n_classes=10):
    """The same network in Keras (channels last)."""
    return keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(n_classes),
        ]
    )
