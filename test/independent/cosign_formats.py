#!/usr/bin/python3
"""An independent implementation of cosign's published formats, for interoperability tests.

Written from the format descriptions (cosign's key file format: a PEM block "ENCRYPTED SIGSTORE
PRIVATE KEY" whose body is JSON {kdf: scrypt(N, r, p, salt), cipher: nacl/secretbox(nonce),
ciphertext: secretbox(PKCS#8 DER)}; cosign's signature storage: an OCI image manifest tagged
sha256-<hex>.sig whose layers are "simple signing" JSON payloads with the base64 ECDSA signature in
the dev.cosignproject.cosign/signature annotation), not from Stella's TypeScript. Uses only
Debian's python3-cryptography and python3-nacl and the plain HTTP registry API (urllib).

Commands (exit 0 on success, 1 on a verification failure, 2 on usage errors):
  genkey PREFIX PASSWORD [N]                 write PREFIX.key (encrypted) and PREFIX.pub
  pubkey KEYFILE PASSWORD                    decrypt a cosign key and print its public key PEM
  sign-blob KEYFILE PASSWORD FILE            print the base64 signature of FILE
  verify-blob PUBFILE FILE SIGB64FILE        verify a base64 signature over FILE
  sign-image REGISTRY REPO DIGEST KEYFILE PASSWORD   append a signature to REPO's sha256-<hex>.sig tag
  verify-image REGISTRY REPO DIGEST PUBFILE          print each .sig layer's verdict; 0 if one verifies
"""
import base64
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
import nacl.exceptions
import nacl.secret

LABEL = "ENCRYPTED SIGSTORE PRIVATE KEY"
OLD_LABEL = "ENCRYPTED COSIGN PRIVATE KEY"
SIMPLESIGNING = "application/vnd.dev.cosign.simplesigning.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
SIG_ANNOTATION = "dev.cosignproject.cosign/signature"


def pem(label, der):
    b64 = base64.b64encode(der).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, "\n".join(lines), label)


def unpem(text):
    lines = text.strip().splitlines()
    label = lines[0][len("-----BEGIN "):-len("-----")]
    return label, base64.b64decode("".join(l for l in lines[1:-1] if ":" not in l))


def kdf(password, salt, n, r, p):
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + (16 << 20), dklen=32)


def genkey(prefix, password, n=32768):
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    salt, nonce = os.urandom(32), os.urandom(24)
    box = nacl.secret.SecretBox(kdf(password, salt, n, 8, 1))
    ciphertext = box.encrypt(der, nonce).ciphertext
    body = {
        "kdf": {"name": "scrypt", "params": {"N": n, "r": 8, "p": 1}, "salt": base64.b64encode(salt).decode()},
        "cipher": {"name": "nacl/secretbox", "nonce": base64.b64encode(nonce).decode()},
        "ciphertext": base64.b64encode(ciphertext).decode(),
    }
    with open(prefix + ".key", "w") as f:
        f.write(pem(LABEL, json.dumps(body).encode()))
    with open(prefix + ".pub", "wb") as f:
        f.write(key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


def loadkey(path, password):
    label, body = unpem(open(path).read())
    if label not in (LABEL, OLD_LABEL):
        raise SystemExit("unsupported PEM label %r" % label)
    doc = json.loads(body)
    if doc["kdf"]["name"] != "scrypt" or doc["cipher"]["name"] != "nacl/secretbox":
        raise SystemExit("unsupported kdf/cipher")
    prm = doc["kdf"]["params"]
    box = nacl.secret.SecretBox(kdf(password, base64.b64decode(doc["kdf"]["salt"]), prm["N"], prm["r"], prm["p"]))
    try:
        der = box.decrypt(base64.b64decode(doc["ciphertext"]), base64.b64decode(doc["cipher"]["nonce"]))
    except nacl.exceptions.CryptoError:
        print("wrong password", file=sys.stderr)
        sys.exit(1)
    return serialization.load_der_private_key(der, password=None)


def loadpub(path):
    return serialization.load_pem_public_key(open(path, "rb").read())


def verify(pub, data, sig):
    try:
        pub.verify(sig, data, ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


def payload_for(repo_ref, digest):
    # Member order as cosign writes it; "optional" null when there are no annotations.
    return json.dumps({
        "critical": {
            "identity": {"docker-reference": repo_ref},
            "image": {"docker-manifest-digest": digest},
            "type": "cosign container image signature",
        },
        "optional": None,
    }, separators=(",", ":")).encode()


def http(method, url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def put_blob(registry, repo, data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    status, _, _ = http("HEAD", "http://%s/v2/%s/blobs/%s" % (registry, repo, digest))
    if status == 200:
        return digest
    status, headers, body = http("POST", "http://%s/v2/%s/blobs/uploads/" % (registry, repo))
    assert status == 202, (status, body)
    location = headers["Location"]
    if location.startswith("/"):
        location = "http://%s%s" % (registry, location)
    sep = "&" if "?" in location else "?"
    status, _, body = http("PUT", "%s%sdigest=%s" % (location, sep, digest), data, {"Content-Type": "application/octet-stream"})
    assert status == 201, (status, body)
    return digest


def sig_tag(digest):
    return digest.replace(":", "-") + ".sig"


def get_sig_manifest(registry, repo, digest):
    status, _, body = http("GET", "http://%s/v2/%s/manifests/%s" % (registry, repo, sig_tag(digest)), headers={"Accept": OCI_MANIFEST})
    if status == 404:
        return None
    assert status == 200, (status, body)
    return json.loads(body)


def sign_image(registry, repo, digest, keyfile, password):
    key = loadkey(keyfile, password)
    payload = payload_for("%s/%s" % (registry, repo), digest)
    sig = key.sign(payload, ec.ECDSA(hashes.SHA256()))
    layers = (get_sig_manifest(registry, repo, digest) or {}).get("layers", [])
    layers.append({
        "mediaType": SIMPLESIGNING,
        "size": len(payload),
        "digest": put_blob(registry, repo, payload),
        "annotations": {SIG_ANNOTATION: base64.b64encode(sig).decode()},
    })
    config = json.dumps({"architecture": "", "os": "", "rootfs": {"type": "layers", "diff_ids": [l["digest"] for l in layers]}, "config": {}}).encode()
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": len(config), "digest": put_blob(registry, repo, config)},
        "layers": layers,
    }
    status, _, body = http("PUT", "http://%s/v2/%s/manifests/%s" % (registry, repo, sig_tag(digest)), json.dumps(manifest).encode(), {"Content-Type": OCI_MANIFEST})
    assert status == 201, (status, body)
    print(sig_tag(digest))


def verify_image(registry, repo, digest, pubfile):
    pub = loadpub(pubfile)
    manifest = get_sig_manifest(registry, repo, digest)
    ok = False
    for i, layer in enumerate((manifest or {}).get("layers", [])):
        if layer["mediaType"] != SIMPLESIGNING:
            print("layer %d: not a simple-signing payload" % i)
            continue
        status, _, payload = http("GET", "http://%s/v2/%s/blobs/%s" % (registry, repo, layer["digest"]))
        if status != 200 or "sha256:" + hashlib.sha256(payload).hexdigest() != layer["digest"]:
            print("layer %d: payload missing or corrupt" % i)
            continue
        sig = base64.b64decode(layer.get("annotations", {}).get(SIG_ANNOTATION, ""))
        if not verify(pub, payload, sig):
            print("layer %d: signature does not verify" % i)
            continue
        doc = json.loads(payload)
        if doc["critical"]["type"] != "cosign container image signature" or doc["critical"]["image"]["docker-manifest-digest"] != digest:
            print("layer %d: payload is for another image" % i)
            continue
        print("layer %d: verified (%s)" % (i, doc["critical"]["identity"]["docker-reference"]))
        ok = True
    if manifest is None:
        print("no %s tag" % sig_tag(digest))
    return ok


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "genkey":
        genkey(args[0], args[1], int(args[2]) if len(args) > 2 else 32768)
    elif cmd == "pubkey":
        key = loadkey(args[0], args[1])
        sys.stdout.write(key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode())
    elif cmd == "sign-blob":
        print(base64.b64encode(loadkey(args[0], args[1]).sign(open(args[2], "rb").read(), ec.ECDSA(hashes.SHA256()))).decode())
    elif cmd == "verify-blob":
        ok = verify(loadpub(args[0]), open(args[1], "rb").read(), base64.b64decode(open(args[2]).read()))
        print("Verified OK" if ok else "Verification failure")
        return 0 if ok else 1
    elif cmd == "sign-image":
        sign_image(*args)
    elif cmd == "verify-image":
        return 0 if verify_image(*args) else 1
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
