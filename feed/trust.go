package feed

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// TrustingCA is a TLS client config that trusts the system's certificates and those of a PEM
// file: a company's own CA for a relay or a NATS server.
func TrustingCA(path string) (*tls.Config, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no PEM certificate", path)
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}
