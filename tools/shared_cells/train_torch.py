# Mini-batch training of an image classifier in PyTorch (a shared cell: the same in 6.2,
# 8.1, 8.2, 8.3 and the few-label vision project).
def train_torch(model, X, y, epochs, learning_rate=3e-3, batch_size=64):
    """Mini-batch Adam on the cross-entropy, reshuffled every epoch; X holds images of
    shape (n, height, width)."""
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    X = torch.as_tensor(X[:, None], device=DEVICE)  # (n, 1, height, width)
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
