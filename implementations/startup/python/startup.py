# startup: interpreter start-up cost; prints exactly one line "hello, world"
# and exits. No deviation.
print("hello, world")
