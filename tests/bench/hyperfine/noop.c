/* Returns at once: what a timed run costs besides the program. */
int main(void)
{
	return 0;
}
