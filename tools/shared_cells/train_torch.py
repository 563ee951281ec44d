# Training the CNN in PyTorch (a shared cell: the same in 8.1, 8.2 and 8.3).
def train_torch(model, X, y, epochs=EPOCHS, lr=3e-3, batch_size=BATCH_SIZE):
    """Mini-batch Adam on the cross-entropy; X holds images of shape (n, 8, 8)."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    X = torch.as_tensor(X[:, None], device=DEVICE)  # (n, 1, 8, 8)
    y = torch.as_tensor(y, device=DEVICE)
    shuffler = torch.Generator().manual_seed(SEED)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=shuffler).to(DEVICE)
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            optimizer.zero_grad()
            F.cross_entropy(model(X[batch]), y[batch]).backward()
            optimizer.step()
    return model.eval()
