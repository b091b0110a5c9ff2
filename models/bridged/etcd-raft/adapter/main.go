// Command etcd-raft-adapter hosts etcd/raft 3.4 RawNodes for leadercheck over
// leadercheck/bridge@1 (docs/bridge.md): one JSON request a line on stdin, one JSON answer a line
// on stdout, until stdin closes. `-variant` picks the event loop (variant.go).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"os"
	"strings"

	"go.etcd.io/etcd/raft"
)

const bridgeVersion = "leadercheck/bridge@1"

type input struct {
	Kind string       `json:"kind"`
	From uint64       `json:"from"`
	Msg  *wireMessage `json:"msg"` // decoded in the same pass as the request
	Name string       `json:"name"`
}

type request struct {
	Op     string          `json:"op"`
	Bridge string          `json:"bridge"`
	Config json.RawMessage `json:"config"`
	Node   int64           `json:"node"`
	ID     uint64          `json:"id"`
	Nodes  int             `json:"nodes"`
	Seed   *string         `json:"seed"`
	Stored json.RawMessage `json:"stored"`
	Input  *input          `json:"input"`
}

type host struct {
	variant   *variant
	instances map[int64]*instance
}

func main() {
	name := flag.String("variant", "etcd-raft", "which event loop: "+strings.Join(variantOrder, ", "))
	flag.Parse()
	v, ok := variants[*name]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown variant %q (known: %s)\n", *name, strings.Join(variantOrder, ", "))
		os.Exit(2)
	}
	// etcd logs every role change on stderr; a run makes thousands.
	raft.SetLogger(&raft.DefaultLogger{Logger: log.New(ioutil.Discard, "", 0)})
	h := &host{variant: v, instances: map[int64]*instance{}}
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	for {
		line, err := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			out.Write(h.answer(line))
			out.WriteByte('\n')
			out.Flush()
		}
		if err == io.EOF {
			if checkEncoding {
				fmt.Fprintf(os.Stderr, "hand-encoded %d answers, each equal to encoding/json's\n", handEncoded)
			}
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "reading stdin:", err)
			os.Exit(1)
		}
	}
}

// answer turns one request line into one response line; a panic inside etcd is an error answer,
// so leadercheck reports it as a model error with the trace that led there.
func (h *host) answer(line []byte) (resp []byte) {
	defer func() {
		if p := recover(); p != nil {
			resp = failure(fmt.Errorf("etcd/raft panicked: %v", p))
		}
	}()
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return failure(fmt.Errorf("request is not JSON: %v", err))
	}
	body, err := h.handle(&req)
	if err != nil {
		return failure(err)
	}
	b, err := encodeAnswer(body)
	if err != nil {
		return failure(err)
	}
	return b
}

func failure(err error) []byte {
	b, _ := json.Marshal(map[string]interface{}{"ok": false, "error": strings.ReplaceAll(err.Error(), "\n", " ")})
	return b
}

func (h *host) handle(req *request) (interface{}, error) {
	switch req.Op {
	case "hello":
		if req.Bridge != bridgeVersion {
			return nil, fmt.Errorf("this adapter speaks %s, not %q", bridgeVersion, req.Bridge)
		}
		if _, err := h.config(req.Config); err != nil {
			return nil, err
		}
		return h.describe(), nil
	case "init", "recover":
		return h.boot(req)
	case "step":
		return h.step(req)
	case "forget":
		delete(h.instances, req.Node)
		return map[string]bool{"ok": true}, nil
	}
	return nil, fmt.Errorf("unknown op %q", req.Op)
}

func (h *host) boot(req *request) (interface{}, error) {
	if _, taken := h.instances[req.Node]; taken {
		return nil, fmt.Errorf("node handle %d is already in use", req.Node)
	}
	if req.Seed == nil {
		return nil, fmt.Errorf("%s without a seed", req.Op)
	}
	cfg, err := h.config(req.Config)
	if err != nil {
		return nil, err
	}
	var stored *wireStored
	marks := []string{}
	if req.Op == "recover" && len(req.Stored) > 0 && string(req.Stored) != "null" {
		stored = &wireStored{}
		if err := json.Unmarshal(req.Stored, stored); err != nil {
			return nil, fmt.Errorf("stored state: %v", err)
		}
		if stored.HardState == nil {
			marks = append(marks, markForgotHardState)
		}
	}
	in, err := newInstance(h.variant, req.ID, req.Nodes, cfg, *req.Seed, stored)
	if err != nil {
		return nil, err
	}
	h.instances[req.Node] = in
	return in.boot(marks)
}

func (h *host) step(req *request) (interface{}, error) {
	in, ok := h.instances[req.Node]
	if !ok {
		return nil, fmt.Errorf("no node with handle %d", req.Node)
	}
	if req.Input == nil {
		return nil, fmt.Errorf("step without an input")
	}
	switch req.Input.Kind {
	case "timer":
		if req.Input.Name != "tick" {
			return nil, fmt.Errorf("unknown timer %q", req.Input.Name)
		}
		return in.tick()
	case "message":
		if req.Input.Msg == nil {
			return nil, fmt.Errorf("message input without a msg")
		}
		return in.deliver(req.Input.From, *req.Input.Msg)
	}
	return nil, fmt.Errorf("unknown input kind %q", req.Input.Kind)
}
