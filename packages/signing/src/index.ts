// Public API of @stella/signing (STYLE.md §11). Other packages import only from here.
export { SigningError, type SigningErrorCode } from "./errors.js";
// Keys (cosign.key / cosign.pub)
export { generateKeyPair, loadPrivateKey, privateKeyFrom, loadPublicKey, encryptPrivateKey, signBytes, verifyBytes, keyHint, publicKeyPem, type PrivateKey, type GeneratedKeyPair, type KeyAlgorithm } from "./keys.js";
export { DEFAULT_SCRYPT, SIGSTORE_KEY_LABEL, COSIGN_KEY_LABEL, type ScryptParams } from "./cosign-key.js";
// Signers: key-based and keyless (Fulcio + Rekor)
export { keySigner, keylessSigner, loadSigstoreSign, DEFAULT_FULCIO_URL, DEFAULT_REKOR_URL, type Signer, type WitnessOptions, type KeylessOptions } from "./signer.js";
export { actionsTokenProvider, tokenClaims, type TokenProvider, type ActionsTokenSource } from "./oidc.js";
// Formats
export { buildSimpleSigningPayload, parseSimpleSigningPayload, SIMPLE_SIGNING_MEDIA_TYPE, SIMPLE_SIGNING_TYPE, type SimpleSigningPayload } from "./simple-signing.js";
export { pae, makeEnvelope, parseEnvelope, serializeEnvelope, envelopePayload, DSSE_ENVELOPE_MEDIA_TYPE, IN_TOTO_PAYLOAD_TYPE, type DsseEnvelope } from "./dsse.js";
export { buildStatement, parseStatement, subjectFor, statementCovers, predicateTypeFor, PREDICATE_TYPES, STATEMENT_V1, type Statement, type Subject } from "./intoto.js";
export { slsaProvenancePredicate, contextFromEnv, GITHUB_WORKFLOW_BUILD_TYPE, type BuildContext, type ResourceDescriptor } from "./provenance.js";
export { stableStringify } from "./stable-json.js";
// Bundles, blobs, trust
export { messageSignatureBundle, dsseBundle, serializeBundle, parseBundle, logIndexes, BUNDLE_MEDIA_TYPE, type Bundle, type SerializedBundle } from "./bundle.js";
export { signBlob, signDsse, verifyBlob, type BlobSignature, type VerifyBlobOptions } from "./blob.js";
export { fileChunks, digestAndSign, digestAndVerify, sha256Of, streamHash, type Chunks } from "./stream-crypto.js";
export { verifyBundle, type IdentityPolicy, type BundleVerifyOptions, type VerifiedBundle } from "./verify-bundle.js";
export { parseTrustedRoot, emptyTrustedRoot, publicGoodTrustedRoot, trustMaterial, type TrustedRoot } from "./trust.js";
// Images (cosign .sig/.att tags + referrer bundles)
export { signImage, attestImage, putBundleReferrer, COSIGN_SIGN_PREDICATE, type SignImageOptions, type AttestImageOptions, type SignedArtifact, type ImageTarget } from "./image-sign.js";
export { verifyImage, assertImageVerified, type VerifyImageOptions, type ManifestVerification, type Candidate } from "./image-verify.js";
export { cosignTag, ANNOTATION_SIGNATURE, ANNOTATION_CERTIFICATE, ANNOTATION_CHAIN, ANNOTATION_BUNDLE, ANNOTATION_PREDICATE_TYPE } from "./cosign-oci.js";
// Shared by the CLI and the actions
export { signerFromSpec, signImages, sbomAttestation, dockerReferenceOf, type SignerSpec, type SignImagesOptions, type ImageSignReport, type AttestationSpec } from "./entry.js";
export { verifyImages, verifyMaterialFrom, formatVerifyReport, policyFromJson, type VerifySpec, type VerifyMaterial, type ImageVerifyReport } from "./verify-images.js";
