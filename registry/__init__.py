"""The registry: messages, their processing records, the receive and send registers."""
