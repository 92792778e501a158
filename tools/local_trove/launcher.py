"""Run the Trove API and the taskmanager in one process, in fake mode.

Run with the Trove virtualenv's python:

    python -m local_trove.launcher --config-file <state>/trove.conf

What ``trove-fake-mode`` (trove.cmd.fakemode) does, but:

* the compatibility patches (local_trove.compat) are applied first;
* the API binds ``bind_host`` (127.0.0.1) -- fakemode binds 0.0.0.0;
* exactly one API worker: the in-memory ``fake:/`` RPC transport does not
  reach forked workers;
* the taskmanager RPC server uses the same key as the API's RPC client
  (fakemode passes key='', the API encrypts with taskmanager_rpc_encr_key,
  and the taskmanager then silently gets a context without notification);
* the taskmanager runs in a green thread, so the launcher can wait on the
  WSGI service and shut down on SIGTERM;
* an emulated guest-agent heartbeat runs alongside.
"""

import sys
import warnings

# eventlet announces its deprecation on import: noise in every log.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

import trove.cmd  # noqa: F401,E402  (eventlet monkey patching comes first)

import eventlet  # noqa: E402


def main():
    from trove.cmd.common import initialize
    from trove.common import cfg

    from local_trove import compat
    from local_trove.compat import heartbeat

    compat.register_opts(cfg.CONF)
    conf = initialize()
    compat.apply(conf)

    from trove.common import wsgi
    from trove.common.rpc import service as rpc_service
    from trove.common.rpc import version as rpc_version

    if conf.trove_api_workers != 1:
        sys.stderr.write('trove_api_workers must be 1 in fake mode\n')
        return 2
    paste_file = conf.find_file(conf.api_paste_config)
    launcher = wsgi.launch('trove', conf.bind_port, paste_file,
                           host=conf.bind_host, workers=1)

    key = (conf.taskmanager_rpc_encr_key
           if conf.enable_secure_rpc_messaging else None)
    taskmanager = rpc_service.RpcService(
        key=key, topic=conf.taskmanager_queue,
        rpc_api_version=rpc_version.RPC_API_VERSION,
        manager='trove.taskmanager.manager.Manager')
    # RpcService.start() blocks in its periodic-task loop: green thread.
    eventlet.spawn(taskmanager.start)
    heartbeat.start_heartbeat(conf[compat.GROUP].heartbeat_interval)
    launcher.wait()
    return 0


if __name__ == '__main__':
    sys.exit(main())
