/* Does not compile: must be CE. */
int main(void)
{
	return undeclared_variable;
}
