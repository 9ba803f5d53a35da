package jet

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/npsboard/npsboard/feed/jet/jettest"
)

// connect connects to urls, failing over quickly, as a test wants.
func connect(t testing.TB, urls string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := Connect(urls, Auth{}, "test", true, nats.ReconnectWait(100*time.Millisecond), nats.ReconnectJitter(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := NewJetStream(nc) // as the commands make it
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}

// A server that asks who the client is takes the right user and password, and an NKEY seed's
// signature, and refuses the wrong ones.
func TestCredentials(t *testing.T) {
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := user.Seed()
	pub, _ := user.PublicKey()
	seedFile := filepath.Join(t.TempDir(), "user.nk")
	if err := os.WriteFile(seedFile, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	other, _ := nkeys.CreateUser()
	otherSeed, _ := other.Seed()
	otherFile := filepath.Join(t.TempDir(), "other.nk")
	os.WriteFile(otherFile, otherSeed, 0o600)

	for _, c := range []struct {
		name string
		opts server.Options
		good Auth
		bad  []Auth
	}{
		{"user and password", server.Options{Users: []*server.User{{Username: "wall", Password: "s3cr3t"}}},
			Auth{User: "wall", Password: "s3cr3t"}, []Auth{{}, {User: "wall", Password: "guess"}}},
		{"an NKEY", server.Options{Nkeys: []*server.NkeyUser{{Nkey: pub}}},
			Auth{NKey: seedFile}, []Auth{{}, {NKey: otherFile}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := c.opts
			s := jettest.Run(t, &opts)
			nc, err := Connect(s.ClientURL(), c.good, "test", true)
			if err != nil {
				t.Fatalf("the right credentials: %v", err)
			}
			nc.Close()
			for _, bad := range c.bad {
				if nc, err := Connect(s.ClientURL(), bad, "test", true); err == nil {
					nc.Close()
					t.Errorf("connected with %+v", bad)
				}
			}
		})
	}
	for _, bad := range []Auth{{User: "a"}, {Password: "p"}, {User: "a", Password: "p", NKey: seedFile}, {Creds: "x", NKey: seedFile}, {NKey: "/nonexistent"}, {CA: "/nonexistent"}} {
		if _, err := bad.Options("test"); err == nil {
			t.Errorf("took %+v", bad)
		}
	}
}

// A server on tls:// with a private CA: trusted with --nats-ca, refused without.
func TestTLSWithAPrivateCA(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "nats.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	s := jettest.Run(t, &server.Options{TLS: true, TLSConfig: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12}})
	url := fmt.Sprintf("tls://127.0.0.1:%d", s.Addr().(*net.TCPAddr).Port)
	nc, err := Connect(url, Auth{CA: caFile}, "test", true)
	if err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	nc.Close()
	if nc, err := Connect(url, Auth{}, "test", true); err == nil {
		nc.Close()
		t.Error("connected to a server whose certificate nobody trusts")
	}
}

// A server that trusts an operator takes a user's credentials file (its JWT and seed), and
// refuses one signed by an account it does not know.
func TestACredentialsFile(t *testing.T) {
	operator, _ := nkeys.CreateOperator()
	opub, _ := operator.PublicKey()
	oc := jwt.NewOperatorClaims(opub)
	oc.Name = "npsboard-test"
	ojwt, err := oc.Encode(operator)
	if err != nil {
		t.Fatal(err)
	}
	trusted, err := jwt.DecodeOperatorClaims(ojwt)
	if err != nil {
		t.Fatal(err)
	}
	account := func(signer nkeys.KeyPair) (nkeys.KeyPair, string, string) {
		akp, _ := nkeys.CreateAccount()
		apub, _ := akp.PublicKey()
		ac := jwt.NewAccountClaims(apub)
		ac.Name = "floor"
		ajwt, err := ac.Encode(signer)
		if err != nil {
			t.Fatal(err)
		}
		return akp, apub, ajwt
	}
	creds := func(akp nkeys.KeyPair, name string) string {
		ukp, _ := nkeys.CreateUser()
		upub, _ := ukp.PublicKey()
		uc := jwt.NewUserClaims(upub)
		uc.Name = name
		ujwt, err := uc.Encode(akp)
		if err != nil {
			t.Fatal(err)
		}
		seed, _ := ukp.Seed()
		text, err := jwt.FormatUserConfig(ujwt, seed)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), name+".creds")
		os.WriteFile(path, text, 0o600)
		return path
	}
	akp, apub, ajwt := account(operator)
	stranger, _ := nkeys.CreateOperator()
	otherAkp, _, _ := account(stranger)
	resolver := &server.MemAccResolver{}
	if err := resolver.Store(apub, ajwt); err != nil {
		t.Fatal(err)
	}
	s := jettest.Run(t, &server.Options{TrustedOperators: []*jwt.OperatorClaims{trusted}, AccountResolver: resolver})
	nc, err := Connect(s.ClientURL(), Auth{Creds: creds(akp, "wall")}, "test", true)
	if err != nil {
		t.Fatalf("a user of the trusted account: %v", err)
	}
	nc.Close()
	if nc, err := Connect(s.ClientURL(), Auth{Creds: creds(otherAkp, "intruder")}, "test", true); err == nil {
		nc.Close()
		t.Error("connected with a user of an account nobody trusts")
	}
}
