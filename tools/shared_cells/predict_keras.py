# Its predictions in Keras (a shared cell: the same in 8.1, 8.2 and 8.3).
def probabilities_keras(model, X):
    """Softmax probabilities, shape (n, classes), as a NumPy array."""
    with tf.device(TF_DEVICE):
        return tf.nn.softmax(model(X[..., None], training=False)).numpy()


def accuracy_keras(model, X, y):
    """Fraction of images whose most probable class is the label."""
    return float((probabilities_keras(model, X).argmax(axis=1) == y).mean())
