# net.py: inside the sandbox, IPv4/IPv6 TCP and UDP to loopback are refused
# while AF_UNIX socketpairs, threads and multiprocessing still work.
# Prints one line per check; exits 0 when the sandbox behaved.
import multiprocessing
import socket
import sys
import threading

bad = 0
for fam, name in ((socket.AF_INET, "4"), (socket.AF_INET6, "6")):
    for typ, proto in ((socket.SOCK_STREAM, "tcp"), (socket.SOCK_DGRAM, "udp")):
        try:
            s = socket.socket(fam, typ)
            s.connect(("127.0.0.1" if name == "4" else "::1", 9))
            print(proto + name, "allowed")
            bad = 1
        except OSError as e:
            print(proto + name, "refused", e.errno)
a, b = socket.socketpair()
a.send(b"x")
print("socketpair", b.recv(1) == b"x")
t = threading.Thread(target=lambda: None)
t.start()
t.join()
print("thread ok")


def square(x):
    return x * x


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        ok = pool.map(square, [1, 2, 3]) == [1, 4, 9]
    print("multiprocessing", ok)
    sys.exit(bad or not ok)
