# Training it in Keras (a shared cell: the same in 8.1, 8.2 and 8.3).
def train_keras(X, y, epochs=EPOCHS, learning_rate=3e-3, batch_size=BATCH_SIZE):
    """A fresh Keras CNN trained with mini-batch Adam on the cross-entropy of logits."""
    keras.utils.set_random_seed(SEED)
    model = make_cnn_keras()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    with tf.device(TF_DEVICE):
        model.fit(X[..., None], y, epochs=epochs, batch_size=batch_size, verbose=0)
    return model
