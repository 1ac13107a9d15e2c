"""PyTorch reference implementation of the vlarl VLA (policies/src/main/java/ai/vlarl/policies/vla).

Used only by the Java parity test: it builds the same architecture with OpenVLA's module layout,
writes its weights as safetensors, and computes action-token logits and values that the Java
model, loaded from those weights, must reproduce.
"""
