"""The recommender itself: item features and text embeddings, the hybrid PyTorch model,
its training, and fast top-K serving with business rules. No I/O here: the service
layer reads and writes documents and hands plain arrays in and out."""
