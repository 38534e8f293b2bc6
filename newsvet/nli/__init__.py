"""newsvet's learned textual verifier (three-way NLI cross-encoder, ONNX)."""

from newsvet.nli.verifier import STANCE_OF_LABEL, TextualVerifier, VerifierModelError

__all__ = ["STANCE_OF_LABEL", "TextualVerifier", "VerifierModelError"]
