package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// selfSigned writes a certificate for 127.0.0.1 and its key, as PEM files.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "npsboard test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile
}

// A relay serving TLS: a client that trusts its certificate (--ca) gets the responses; one
// that does not refuses the connection, and says it never connected.
func TestRelayOverTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	addr := freeAddr(t)
	r := &relayProcess{t: t, args: []string{"relay", "--journal", filepath.Join(dir, "j.jsonl"), "--tls-cert", cert, "--tls-key", key, "--listen", addr}}
	r.start()
	defer r.stop()

	pool := x509.NewCertPool()
	pem, _ := os.ReadFile(cert)
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Post("https://"+addr+"/v1/responses", "application/json", strings.NewReader(
		`{"id":"a","ts":"2026-11-20T10:00:00Z","score":10,"queue":"q"}`+"\n"+`{"id":"b","ts":"2026-11-20T10:01:00Z","score":2,"queue":"q"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	code, out, stderr := runCLI(t, "", "report", "--ws", "wss://"+addr+"/v1/stream?since=1", "--ca", cert, "--for", "1s", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if rep := decodeReport(t, out); rep.Feed.Accepted != 2 || rep.Overall.Promoters != 1 || rep.Overall.Detractors != 1 {
		t.Errorf("over TLS: %+v", rep.Feed)
	}
	code, _, stderr = runCLI(t, "", "report", "--ws", "wss://"+addr+"/v1/stream", "--for", "1s", "--json")
	if code != exitError || !strings.Contains(stderr, "never connected") || !strings.Contains(stderr, "certificate") {
		t.Errorf("an untrusted certificate: exit %d, %q", code, stderr)
	}
}

// --header and --token-file reach the handshake of --ws.
func TestWSHeadersAndTokenFile(t *testing.T) {
	got := make(chan http.Header, 1)
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case got <- r.Header.Clone():
		default:
		}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteMessage(websocket.TextMessage, []byte(`{"id":"a","ts":"2026-11-20T10:00:00Z","score":9,"queue":"q"}`))
		for { // open until the client closes it
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte("from-a-file\n"), 0o600)
	code, out, stderr := runCLI(t, "", "report", "--ws", "ws"+strings.TrimPrefix(srv.URL, "http"), "--for", "500ms", "--json",
		"--token-file", tokenFile, "--header", "X-Site: Lyon", "--header", "X-Wall: 3")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	h := <-got
	if h.Get("Authorization") != "Bearer from-a-file" || h.Get("X-Site") != "Lyon" || h.Get("X-Wall") != "3" {
		t.Errorf("handshake headers %v", h)
	}
	if rep := decodeReport(t, out); rep.Feed.Accepted != 1 {
		t.Errorf("feed %+v", rep.Feed)
	}
}
