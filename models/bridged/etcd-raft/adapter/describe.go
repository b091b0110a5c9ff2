package main

// The hello answer and the config: etcd's own option names, checked as raft.Config.validate
// would, so a bad value is one line at hello instead of a failure at the first init.

import (
	"encoding/json"
	"fmt"
)

type modelDescription struct {
	Name                     string     `json:"name"`
	Summary                  string     `json:"summary"`
	Promises                 []string   `json:"promises"`
	DefaultConfig            nodeConfig `json:"defaultConfig"`
	MessageTypes             []string   `json:"messageTypes"`
	TimerNames               []string   `json:"timerNames"`
	Roles                    []string   `json:"roles"`
	Marks                    []string   `json:"marks"`
	SynchronousDelayTicksMax int        `json:"synchronousDelayTicksMax"`
	LivenessBoundTicks       int        `json:"livenessBoundTicks"`
}

type helloAnswer struct {
	OK     bool             `json:"ok"`
	Bridge string           `json:"bridge"`
	Model  modelDescription `json:"model"`
}

func (h *host) describe() helloAnswer {
	v := h.variant
	return helloAnswer{OK: true, Bridge: bridgeVersion, Model: modelDescription{
		Name: v.name, Summary: v.summary,
		// As our Raft model: etcd promises one leader per term, not one leader at a time (a
		// deposed leader believes in itself until it hears a higher term).
		Promises:      v.promises,
		DefaultConfig: v.defaults, MessageTypes: messageTypes, TimerNames: []string{"tick"},
		Roles: []string{"follower", "pre-candidate", "candidate", "leader"}, Marks: v.marks,
		// A heartbeat every tick and a timeout of at least electionTick (10) ticks: a delay of 3
		// ticks keeps a healthy leader's followers from campaigning.
		SynchronousDelayTicksMax: 3,
		LivenessBoundTicks:       400,
	}}
}

// config reads the run's config over the variant's defaults; unknown keys are refused.
func (h *host) config(raw json.RawMessage) (nodeConfig, error) {
	cfg := h.variant.defaults
	if len(raw) > 0 && string(raw) != "null" {
		// encoding/json matches keys regardless of case; etcd's names are exact, so check them first.
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(raw, &keys); err != nil {
			return cfg, fmt.Errorf("config: %v", err)
		}
		for key := range keys {
			if !configKeys[key] {
				return cfg, fmt.Errorf("config: unknown key %q (keys: preVote, checkQuorum, electionTick, heartbeatTick, coalesceTicks)", key)
			}
		}
		if err := json.Unmarshal(raw, &cfg); err != nil {
			return cfg, fmt.Errorf("config: %v", err)
		}
	}
	if cfg.HeartbeatTick <= 0 {
		return cfg, fmt.Errorf("config: heartbeatTick must be at least 1, not %d", cfg.HeartbeatTick)
	}
	if cfg.ElectionTick <= cfg.HeartbeatTick {
		return cfg, fmt.Errorf("config: electionTick (%d) must be greater than heartbeatTick (%d)", cfg.ElectionTick, cfg.HeartbeatTick)
	}
	return cfg, nil
}

var configKeys = map[string]bool{"preVote": true, "checkQuorum": true, "electionTick": true, "heartbeatTick": true, "coalesceTicks": true}
